namespace PiCluster.CommandLine;

/// <summary>Work that had started failed (exit 1); the message says where and why, and is printed without a stack trace.</summary>
public class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
