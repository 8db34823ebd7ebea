using k8s.Models;

// Traefik CRDs (traefik.io/v1alpha1); only the fields used.
namespace PiCluster.Render.Resources;

public sealed record IngressRoute(V1ObjectMeta Metadata, IngressRouteSpec Spec)
{
    public string ApiVersion => "traefik.io/v1alpha1";
    public string Kind => "IngressRoute";
}

public sealed record IngressRouteSpec(IReadOnlyList<string> EntryPoints, IReadOnlyList<IngressRouteRule> Routes, IngressRouteTls? Tls = null);

/// <summary>TLS on the route; empty = the default TLSStore's certificate (the cluster's wildcard).</summary>
public sealed record IngressRouteTls(string? SecretName = null);

public sealed record IngressRouteRule(string Match, IReadOnlyList<IngressRouteService> Services, IReadOnlyList<MiddlewareReference>? Middlewares = null)
{
    public string Kind => "Rule";
}

/// <summary>A route target; <see cref="Port"/> is a number or a port name.</summary>
public sealed record IngressRouteService(string Name, object? Port = null, string? Kind = null, string? Namespace = null, string? Scheme = null, string? ServersTransport = null);

public sealed record MiddlewareReference(string Name, string? Namespace = null);

public sealed record Middleware(V1ObjectMeta Metadata, MiddlewareSpec Spec)
{
    public string ApiVersion => "traefik.io/v1alpha1";
    public string Kind => "Middleware";
}

public sealed record MiddlewareSpec(BasicAuth? BasicAuth = null);

public sealed record BasicAuth(string Secret, string? Realm = null, bool? RemoveHeader = null);

public sealed record ServersTransport(V1ObjectMeta Metadata, ServersTransportSpec Spec)
{
    public string ApiVersion => "traefik.io/v1alpha1";
    public string Kind => "ServersTransport";
}

public sealed record ServersTransportSpec(bool InsecureSkipVerify);
