using PiCluster.CommandLine;

namespace PiCluster.Bootstrap;

/// <summary>Bad input refused before anything ran (exit 2), with a message meant for the operator; printed without a stack trace.</summary>
public sealed class BootstrapException(string message) : BadInputException(message);
