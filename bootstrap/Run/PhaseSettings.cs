using System.ComponentModel;
using PiCluster.Bootstrap.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary>Options of every command that runs a plan of steps (phases, reset): which node, and the scripts to review.</summary>
public class PlanSettings : NodeAccessSettings
{
    [CommandOption("--node <NAME>")]
    [Description("Run only this node's steps (steps may still ask the control plane); default: every node.")]
    public string? Node { get; init; }

    [CommandOption("--scripts")]
    [Description("With --dry-run: print every planned step's check and action scripts exactly as they will be sent.")]
    public bool Scripts { get; init; }

    public override ValidationResult Validate() =>
        Scripts && !DryRun ? ValidationResult.Error("--scripts only goes with --dry-run (it prints the scripts instead of running them).") : base.Validate();
}

/// <summary><c>kubeadm</c>'s options: where the admin context is merged.</summary>
public class KubeadmSettings : PlanSettings
{
    [CommandOption("--kubeconfig <FILE>")]
    [Description("Kubeconfig the admin context is merged into (default ~/.kube/config).")]
    public string? Kubeconfig { get; init; }
}

/// <summary><c>secrets</c>' options.</summary>
public sealed class SecretsSettings : PlanSettings
{
    [CommandOption("--rotate")]
    [Description(RotateDescription)]
    public bool Rotate { get; init; }

    internal const string RotateDescription = "Replace Secrets that already exist with the values from .picluster/secrets.yaml / the environment.";
}

/// <summary><c>cluster</c> runs kubeadm and secrets, so it takes their options.</summary>
public sealed class ClusterSettings : KubeadmSettings
{
    [CommandOption("--rotate")]
    [Description("secrets: " + SecretsSettings.RotateDescription)]
    public bool Rotate { get; init; }
}
