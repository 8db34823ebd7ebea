namespace PiCluster.Cluster.Model;

/// <summary>
/// An input the tools cannot use although no definition rule can judge it: a value only a builder understands (a
/// Kubernetes version without a known etcd, a grace period too short), a file under cluster/ (a dashboard, the pinned
/// Flux manifest). The message names the field or file and the value; the command refuses it as bad input (exit 2).
/// </summary>
public sealed class ClusterInputException(string message) : Exception(message);
