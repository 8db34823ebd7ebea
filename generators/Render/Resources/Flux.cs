using k8s.Models;

// Typed records for the Flux custom resources PiCluster renders; only the fields used, names as in the CRDs.
namespace PiCluster.Render.Resources;

public sealed record FluxSourceReference(string Kind, string Name, string? Namespace = null);

public sealed record FluxDependency(string Name, string? Namespace = null);

public sealed record GitRepository(V1ObjectMeta Metadata, GitRepositorySpec Spec)
{
    public const string Group = "source.toolkit.fluxcd.io";
    public const string KindName = "GitRepository";

    public string ApiVersion => Group + "/v1";
    public string Kind => KindName;
}

public sealed record GitRepositorySpec(string Url, string Interval, GitRepositoryRef Ref, SecretReference? SecretRef = null);

public sealed record GitRepositoryRef(string Branch);

public sealed record SecretReference(string Name);

public sealed record FluxKustomization(V1ObjectMeta Metadata, FluxKustomizationSpec Spec)
{
    public const string Group = "kustomize.toolkit.fluxcd.io";
    public const string KindName = "Kustomization";

    public string ApiVersion => Group + "/v1";
    public string Kind => KindName;
}

public sealed record FluxKustomizationSpec(
    string Interval,
    string Path,
    bool Prune,
    FluxSourceReference SourceRef,
    bool? Wait = null,
    string? Timeout = null,
    string? RetryInterval = null,
    IReadOnlyList<FluxDependency>? DependsOn = null,
    IReadOnlyList<FluxHealthCheck>? HealthChecks = null);

/// <summary>An object a Kustomization waits for instead of everything it applies (spec.healthChecks).</summary>
public sealed record FluxHealthCheck(string ApiVersion, string Kind, string Name, string? Namespace = null);

public sealed record HelmRepository(V1ObjectMeta Metadata, HelmRepositorySpec Spec)
{
    public const string Group = "source.toolkit.fluxcd.io";
    public const string KindName = "HelmRepository";

    public string ApiVersion => Group + "/v1";
    public string Kind => KindName;
}

public sealed record HelmRepositorySpec(string Url, string Interval);

public sealed record HelmRelease(V1ObjectMeta Metadata, HelmReleaseSpec Spec)
{
    public const string Group = "helm.toolkit.fluxcd.io";
    public const string KindName = "HelmRelease";

    public string ApiVersion => Group + "/v2";
    public string Kind => KindName;
}

public sealed record HelmReleaseSpec(
    string Interval,
    HelmReleaseChart Chart,
    object Values,
    string? Timeout = null,
    HelmReleaseInstall? Install = null,
    HelmReleaseUpgrade? Upgrade = null,
    HelmReleaseDriftDetection? DriftDetection = null,
    IReadOnlyList<FluxDependency>? DependsOn = null,
    HelmWaitStrategy? WaitStrategy = null);

/// <summary>How helm-controller waits for a release's objects: "poller" (kstatus) or "legacy" (Helm 3's wait).</summary>
public sealed record HelmWaitStrategy(string Name);

public sealed record HelmReleaseChart(HelmChartTemplateSpec Spec);

public sealed record HelmChartTemplateSpec(string Chart, string Version, FluxSourceReference SourceRef, string? Interval = null);

public sealed record HelmReleaseInstall(string Crds, HelmRemediation? Remediation = null, HelmActionStrategy? Strategy = null);

public sealed record HelmReleaseUpgrade(string Crds, HelmRemediation? Remediation = null, bool? CleanupOnFail = null, HelmActionStrategy? Strategy = null);

/// <summary>
/// spec.install.strategy / spec.upgrade.strategy (helm-controller v2 API): RemediateOnFailure (the default: remediation
/// retries, then the release stays failed) or RetryOnFailure (retry every RetryInterval, no uninstall or rollback).
/// </summary>
public sealed record HelmActionStrategy(string Name, string? RetryInterval = null);

public sealed record HelmRemediation(int Retries);

public sealed record HelmReleaseDriftDetection(string Mode, IReadOnlyList<DriftIgnoreRule>? Ignore = null);

/// <summary>JSON pointers drift detection skips, on the objects <see cref="Target"/> selects (all when null).</summary>
public sealed record DriftIgnoreRule(IReadOnlyList<string> Paths, DriftIgnoreTarget? Target = null);

public sealed record DriftIgnoreTarget(string? Group = null, string? Kind = null);

/// <summary>A reference to an object in the referrer's namespace ({name}).</summary>
public sealed record LocalObjectReference(string Name);

/// <summary>notification.toolkit.fluxcd.io Provider (v1beta3, the version notification-controller v1.9 serves).</summary>
public sealed record NotificationProvider(V1ObjectMeta Metadata, NotificationProviderSpec Spec)
{
    public const string Group = "notification.toolkit.fluxcd.io";
    public const string KindName = "Provider";

    public string ApiVersion => Group + "/v1beta3";
    public string Kind => KindName;
}

public sealed record NotificationProviderSpec(string Type, string? Address = null, SecretReference? SecretRef = null);

/// <summary>notification.toolkit.fluxcd.io Alert (v1beta3): which Flux objects' events of which severity go to a Provider.</summary>
public sealed record NotificationAlert(V1ObjectMeta Metadata, NotificationAlertSpec Spec)
{
    public const string Group = NotificationProvider.Group;
    public const string KindName = "Alert";

    public string ApiVersion => Group + "/v1beta3";
    public string Kind => KindName;
}

public sealed record NotificationAlertSpec(
    LocalObjectReference ProviderRef,
    string EventSeverity,
    IReadOnlyList<FluxEventSource> EventSources,
    IReadOnlyDictionary<string, string>? EventMetadata = null);

/// <summary>Flux objects an Alert listens to; Name "*" selects every object of the kind in the namespace.</summary>
public sealed record FluxEventSource(string Kind, string Name, string? Namespace = null);
