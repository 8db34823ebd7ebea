namespace PiCluster.Bootstrap;

/// <summary>Work that had started failed on a node (exit 1); <see cref="BootstrapException"/> is for input refused before anything ran (exit 2).</summary>
public sealed class StepFailedException(string message) : Exception(message);
