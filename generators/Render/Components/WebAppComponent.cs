using k8s.Models;
using PiCluster.Cluster.Model;

namespace PiCluster.Render.Components;

/// <summary>A <see cref="WebApp"/>: namespace, Deployment, ClusterIP Service, Traefik route and its NFS claim if any.</summary>
public static class WebAppComponent
{
    public static IEnumerable<ManifestFile> Build(IReadOnlyList<WebApp> apps, RenderContext context) =>
        apps.Select(app => new ManifestFile($"{RenderedLayout.Apps}/{app.Name}/{app.Name}.yaml", $"WebApp {app.Name}", Objects(context, app)));

    private static List<object> Objects(RenderContext context, WebApp app)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = app.Name };
        // An app with NFS storage holds a claim in its namespace: Flux never deletes that namespace.
        var objects = new List<object> { app.Storage is null ? Meta.Namespace(app.Namespace) : FluxSync.NeverPruned(Meta.Namespace(app.Namespace)) };
        var container = new V1Container
        {
            Name = app.Name, Image = app.Image.ToString(),
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = app.Port }],
            ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" }, PeriodSeconds = 10 },
        };
        var pod = new V1PodSpec { Containers = [container] };
        if (app.Storage is { } storage)
        {
            var claim = NfsStorageComponent.Claim(context, app.Namespace, storage.Export);
            objects.Add(claim);
            pod.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim.Metadata.Name } }];
            container.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = app.MountPath, SubPath = string.IsNullOrEmpty(storage.SubPath) ? null : storage.SubPath }];
        }
        objects.Add(new V1Deployment
        {
            ApiVersion = ApiOf<V1Deployment>.Version, Kind = ApiOf<V1Deployment>.Kind, Metadata = Meta.Of(app.Name, app.Namespace, labels),
            Spec = new V1DeploymentSpec
            {
                Replicas = app.Replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = pod },
            },
        });
        objects.Add(new V1Service
        {
            ApiVersion = ApiOf<V1Service>.Version, Kind = ApiOf<V1Service>.Kind, Metadata = Meta.Of(app.Name, app.Namespace, labels),
            Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }] },
        });
        objects.Add(TraefikComponent.Route(context, app.Name, app.Namespace, app.Host, app.Name, 80));
        return objects;
    }
}
