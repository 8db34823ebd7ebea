using PiCluster.CommandLine;

namespace PiCluster.Bootstrap.Steps;

/// <summary>
/// A step failed on its node (exit 1): the one failure type a step throws for what it finds while it runs. The engine
/// reports every exception of a step against its node and step (<see cref="PlanRunner"/>); this one carries a message
/// meant for the operator. <see cref="BootstrapException"/> is for input refused before anything ran (exit 2).
/// </summary>
public sealed class StepFailedException(string message, Exception? inner = null) : CommandFailedException(message, inner);
