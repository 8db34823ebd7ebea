namespace PiCluster.TestSupport;

/// <summary>Stand-ins for programs a test cannot run for real (kubectl, kubeadm, …); each says it is a fake.</summary>
public static class FakeTools
{
    /// <summary>Writes an executable sh script <paramref name="name"/> into <paramref name="folder"/>.</summary>
    public static string Write(string folder, string name, string body)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/bin/sh\n# Fake for tests: stands in for the real " + name + ".\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }
}
