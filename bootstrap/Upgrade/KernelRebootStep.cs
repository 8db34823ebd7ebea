using PiCluster.Bootstrap.Nodes;
using PiCluster.Bootstrap.Scripts;
using PiCluster.Bootstrap.Ssh;
using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Upgrade;

/// <summary>
/// After an OS upgrade: reboots the node when it does not run its newest installed kernel, and waits for a new boot id
/// (the transport re-checks the host key on every reconnect). Done when / is the system disk (p2) and the running
/// kernel is the newest in /lib/modules (bootstrap/Scripts/kernel-booted.sh); a node that comes back from p1 or on the
/// old kernel fails the step with the log to read.
/// </summary>
public sealed class KernelRebootStep(PhaseInputs inputs) : NodeStep("reboot")
{
    public static readonly string Check = NodeShell.Script(NodeScripts.With(Day2Scripts.KernelBooted, ("SYSTEM_PARTITION", NodeFiles.SystemPartition)));

    public override Task<bool> IsDoneAsync(StepContext context) =>
        context.CheckAsync(Check, new CommandOptions(Description: "reboot: / on p2 and the newest kernel running"));

    public override async Task ApplyAsync(StepContext context)
    {
        var session = context.Session;
        var before = (await session.RunCheckedAsync(RebootStep.BootId, new CommandOptions(Description: "boot id"), context.CancellationToken)).Output.Trim();
        await session.RunCheckedAsync(RebootStep.Reboot, new CommandOptions(Description: "reboot"), context.CancellationToken);
        var started = inputs.Time.GetTimestamp();
        while (true)
        {
            await Task.Delay(inputs.PollInterval, inputs.Time, context.CancellationToken);
            try
            {
                var now = await session.RunAsync(RebootStep.BootId, new CommandOptions(Timeout: TimeSpan.FromSeconds(30), Description: "boot id"), context.CancellationToken);
                if (now.Succeeded && now.Output.Trim() != before) return;
            }
            catch (SshTransportException e) when (e.Failure is SshFailure.ConnectionLost or SshFailure.CommandTimeout)
            {
                await session.ReconnectAsync(context.CancellationToken);
            }
            if (inputs.Time.GetElapsedTime(started) > inputs.RebootTimeout)
                throw new StepFailedException($"still running the same boot {inputs.RebootTimeout} after `reboot`.");
        }
    }

    public override IEnumerable<ShellSnippet> Snippets =>
    [
        new("reboot.check", Check),
        new("reboot.boot-id", RebootStep.BootId),
        new("reboot.reboot", RebootStep.Reboot),
    ];
}
