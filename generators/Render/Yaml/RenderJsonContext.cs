using System.Text.Json.Serialization;
using PiCluster.Render.Components;
using PiCluster.Render.Resources;

namespace PiCluster.Render.Yaml;

/// <summary>
/// Compile-time JSON metadata for PiCluster's own documents (Flux, MetalLB, Traefik, kustomize records) and the chart
/// values a HelmRelease carries as <c>object</c>: without it System.Text.Json builds their metadata by reflection and
/// emits IL for every property getter on each start, a fifth of a small render's time. KubernetesClient's models come
/// from its own generated context. A document type missing here still serializes (reflection), but
/// ManifestSerializerTests fails until it is listed, so render stays fast.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(GitRepository))]
[JsonSerializable(typeof(FluxKustomization))]
[JsonSerializable(typeof(HelmRepository))]
[JsonSerializable(typeof(HelmRelease))]
[JsonSerializable(typeof(NotificationProvider))]
[JsonSerializable(typeof(NotificationAlert))]
[JsonSerializable(typeof(KustomizeConfig))]
[JsonSerializable(typeof(IpAddressPool))]
[JsonSerializable(typeof(L2Advertisement))]
[JsonSerializable(typeof(IngressRoute))]
[JsonSerializable(typeof(Middleware))]
[JsonSerializable(typeof(ServersTransport))]
[JsonSerializable(typeof(MetalLbValues))]
[JsonSerializable(typeof(TraefikValues))]
[JsonSerializable(typeof(HeadlampValues))]
[JsonSerializable(typeof(KubePrometheusStackValues))]
// IngressRouteService.Port is a number or a port name (object).
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
public sealed partial class RenderJsonContext : JsonSerializerContext;
