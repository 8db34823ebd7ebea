namespace PiCluster.Bootstrap;

/// <summary>A failure with a message meant for the operator; the CLI prints it without a stack trace.</summary>
public sealed class BootstrapException(string message) : Exception(message);
