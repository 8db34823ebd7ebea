using System.Text;
using PiCluster.Cluster.Model;

namespace PiCluster.Cluster.Dashboards;

/// <summary>Grafana dashboards committed under cluster/Dashboards, embedded so render ships them without reading the disk or the internet.</summary>
public static class ClusterDashboards
{
    /// <summary>The dashboard JSON for <paramref name="name"/> (file name without .json), LF line endings.</summary>
    public static string Read(string name)
    {
        using var stream = typeof(ClusterDashboards).Assembly.GetManifestResourceStream($"PiCluster.Dashboards.{name}.json")
            ?? throw new ClusterInputException($"Services.Monitoring.Dashboards: \"{name}\" has no file cluster/Dashboards/{name}.json");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
