using PiCluster.Bootstrap.Steps;

namespace PiCluster.Bootstrap.Run;

/// <summary>
/// `--dry-run --scripts`: every planned step with the shell texts it sends, exactly as sent (each runs as root via
/// /bin/sh -c; ROOT is empty on a Pi), so the operator can review what will run before anything connects.
/// </summary>
public static class PlanScripts
{
    public static void Write(BootstrapPlan plan, TextWriter output)
    {
        output.WriteLine("# Every script runs as root on its node as `/bin/sh -c '<script>'`; values on stdin are not shown.");
        output.WriteLine("# A check exits 0 = done, 1 = needed, anything else = error; the action runs only when needed, then the check again.");
        for (var i = 0; i < plan.Stages.Count; i++)
        {
            var stage = plan.Stages[i];
            foreach (var work in stage.Work)
            {
                foreach (var step in work.Steps)
                {
                    output.WriteLine();
                    output.WriteLine($"### stage {i + 1} · {work.Node.Name} · {stage.Phase} · {step.Name}");
                    var scripts = step.ScriptsFor(work.Node).ToList();
                    if (scripts.Count == 0) output.WriteLine("(runs where bootstrap runs; sends no script)");
                    foreach (var script in scripts)
                    {
                        output.WriteLine($"--- {script.Name}");
                        output.Write(script.Text.EndsWith('\n') ? script.Text : script.Text + "\n");
                    }
                }
            }
        }
    }
}
