namespace PiCluster.Bootstrap.Card;

/// <summary>Changes to the boot partition's firmware and kernel files; Alpine's own config.txt is never touched.</summary>
public static class BootFiles
{
    /// <summary>Raspberry Pi kernels disable the memory cgroup by default; the kubelet needs it (and cpuset).</summary>
    public static readonly IReadOnlyList<string> KernelArguments = ["cgroup_enable=memory", "cgroup_memory=1", "cgroup_enable=cpuset"];

    /// <summary>
    /// Our firmware settings; the tarball's config.txt ends with "include usercfg.txt". Its header says it is overwritten
    /// on upgrade, but on these nodes the raspberrypi-bootloader trigger rewrites /boot/config.txt = p1/boot/config.txt
    /// (aports main/raspberrypi-bootloader), which the firmware never reads; p1's own config.txt stays the tarball's.
    /// Headless nodes: the smallest GPU split that keeps the standard firmware, no audio, no splash.
    /// </summary>
    public const string UserConfig =
        "# Written by picluster bootstrap card. Alpine owns config.txt; local firmware settings go here.\n" +
        "gpu_mem=32\n" +
        "dtparam=audio=off\n" +
        "disable_splash=1\n";

    /// <summary>The stock command line with the cgroup arguments appended, as ONE line without a newline.</summary>
    public static string CommandLine(string stock)
    {
        var lines = stock.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1)
        {
            throw new BootstrapException("cmdline.txt in the tarball has more than one line; the firmware reads only the first.");
        }
        var arguments = (lines.Length == 0 ? "" : lines[0]).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        arguments.AddRange(KernelArguments.Where(a => !arguments.Contains(a, StringComparer.Ordinal)));
        return string.Join(' ', arguments);
    }
}
