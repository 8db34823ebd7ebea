namespace PiCluster.Bootstrap;

/// <summary>Bad input with a message meant for the operator (exit 2); the CLI prints it without a stack trace.</summary>
public sealed class BootstrapException(string message) : Exception(message);
