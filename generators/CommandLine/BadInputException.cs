namespace PiCluster.CommandLine;

/// <summary>Input refused before anything ran (exit 2); the message names the option or file and the value, and is printed without a stack trace.</summary>
public class BadInputException(string message) : Exception(message);
