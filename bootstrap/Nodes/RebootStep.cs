using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>
/// Reboots a node onto its system disk and waits until it answers again: the boot id must change (so we did not
/// talk to the old system before it went down) and the host key must still match (the transport checks it on reconnect).
/// </summary>
public sealed class RebootStep(PhaseInputs inputs) : NodeStep("reboot")
{
    public static readonly string Check = NodeShell.Script($"awk '$2 == \"/\" {{ print $1 }}' \"$ROOT/proc/mounts\" | grep -qx {NodeFiles.SystemPartition} || exit 1\n");

    public static readonly string BootId = NodeShell.Script("cat \"$ROOT/proc/sys/kernel/random/boot_id\"\n");

    // Detached, so the command returns before the connection drops.
    public static readonly string Reboot = NodeShell.Script("(sleep 1; reboot) > /dev/null 2>&1 &\n");

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Description: "reboot: check root is the system disk"));

    public override async Task ApplyAsync(StepContext context)
    {
        var session = context.Session;
        var before = (await session.RunCheckedAsync(BootId, new CommandOptions(Description: "boot id"), context.CancellationToken)).Output.Trim();
        await session.RunCheckedAsync(Reboot, new CommandOptions(Description: "reboot"), context.CancellationToken);
        var started = inputs.Time.GetTimestamp();
        while (true)
        {
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
            try
            {
                var now = await session.RunAsync(BootId, new CommandOptions(Timeout: TimeSpan.FromSeconds(30), Description: "boot id"), context.CancellationToken);
                if (now.Succeeded && now.Output.Trim() != before)
                {
                    session.Note($"rebooted in {inputs.Time.GetElapsedTime(started).TotalSeconds:0.0}s");
                    return;
                }
            }
            catch (SshTransportException e) when (e.Failure is SshFailure.ConnectionLost or SshFailure.CommandTimeout)
            {
                await session.ReconnectAsync(context.CancellationToken);
            }
            if (inputs.Time.GetElapsedTime(started) > inputs.RebootTimeout)
            {
                throw new StepFailedException($"still running the same boot {inputs.RebootTimeout} after `reboot`.");
            }
        }
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("reboot.check", Check),
        new("reboot.boot-id", BootId),
        new("reboot.reboot", Reboot),
    ];
}
