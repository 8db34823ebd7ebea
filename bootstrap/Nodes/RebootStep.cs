using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Nodes;

/// <summary>
/// Reboots a node and waits until it answers again: the boot id must change (so we did not talk to the old system
/// before it went down) and the host key must still match (the transport checks it on reconnect), bounded by
/// <see cref="PhaseInputs.RebootTimeout"/>. Done when its check holds: by default / is the system disk (the nodes
/// phase's move onto p2); <see cref="ToNewestKernel"/> also wants the newest installed kernel running (after an OS upgrade).
/// </summary>
public sealed class RebootStep(PhaseInputs inputs, string? check = null, string checkDescription = "reboot: check root is the system disk") : NodeStep("reboot")
{
    public static readonly string Check = NodeShell.Script($"awk '$2 == \"/\" {{ print $1 }}' \"$ROOT/proc/mounts\" | grep -qx {NodeFiles.SystemPartition} || exit 1\n");

    /// <summary>bootstrap/Scripts/kernel-booted.sh: / on p2 and the newest kernel in /lib/modules running.</summary>
    public static readonly string NewestKernelCheck = NodeShell.Script(Scripts.NodeScripts.Check(Scripts.Day2Scripts.KernelBooted, ("SYSTEM_PARTITION", NodeFiles.SystemPartition)));

    private readonly string _check = check ?? Check;

    /// <summary>After `apk upgrade` of linux-rpi: reboots when the node does not run its newest installed kernel; a node back from p1 or on the old kernel fails the step.</summary>
    public static RebootStep ToNewestKernel(PhaseInputs inputs) => new(inputs, NewestKernelCheck, "reboot: / on p2 and the newest kernel running");

    public static readonly string BootId = NodeShell.Script("cat \"$ROOT/proc/sys/kernel/random/boot_id\"\n");

    // Detached, so the command returns before the connection drops.
    public static readonly string Reboot = NodeShell.Script("(sleep 1; reboot) > /dev/null 2>&1 &\n");

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(_check, new CommandOptions(Description: checkDescription));

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
                var left = inputs.RebootTimeout - inputs.Time.GetElapsedTime(started);
                await session.ReconnectAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, context.CancellationToken);
            }
            if (inputs.Time.GetElapsedTime(started) > inputs.RebootTimeout)
            {
                throw new StepFailedException($"still running the same boot {inputs.RebootTimeout} after `reboot`.");
            }
        }
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("reboot.check", _check),
        new("reboot.boot-id", BootId),
        new("reboot.reboot", Reboot),
    ];
}
