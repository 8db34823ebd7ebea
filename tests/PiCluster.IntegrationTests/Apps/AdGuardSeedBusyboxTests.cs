namespace PiCluster.IntegrationTests.Apps;

/// <summary>
/// The seed scenarios of AdGuardSeedMergeTests under busybox sh with busybox's applets (awk, sed, mv, …) first on PATH:
/// the AdGuard image is Alpine, whose /bin/sh and awk are busybox.
/// </summary>
public sealed class AdGuardSeedBusyboxTests
{
    public static TheoryData<string> Scenarios => new(AdGuardSeedScenarios.Names);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Seed_script_under_busybox(string scenario)
    {
        var busybox = Tools.Require("busybox");
        using var applets = new TempDir();
        foreach (var applet in new[] { "sh", "awk", "sed", "mv", "rm", "mkdir", "dirname", "tr", "cat" })
            File.CreateSymbolicLink(Path.Combine(applets.Path, applet), busybox);
        AdGuardSeedScenarios.Run(scenario, (script, env) =>
            Shell.Run(Path.Combine(applets.Path, "sh"), [script], new Dictionary<string, string>(env) { ["PATH"] = applets.Path }));
    }
}
