namespace PiCluster.UnitTests.Apps;

/// <summary>
/// Issue 20 item 4: the seed step writes the model's wildcard rewrite on first start and merges the model's rewrites into
/// the existing file on every start (keyed by domain, UI entries kept), run with this machine's sh and awk.
/// The same scenarios run under busybox in PiCluster.IntegrationTests (AdGuardSeedBusyboxTests).
/// </summary>
public sealed class AdGuardSeedMergeTests
{
    public static TheoryData<string> Scenarios => new(AdGuardSeedScenarios.Names);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Seed_script(string scenario) =>
        AdGuardSeedScenarios.Run(scenario, (script, env) => Shell.Run("sh", [script], env));
}
