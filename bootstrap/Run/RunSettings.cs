using System.ComponentModel;
using Spectre.Console.Cli;

namespace PiCluster.Bootstrap.Run;

/// <summary>Options shared by <c>nodes</c>, <c>kubeadm</c> and <c>cluster</c>.</summary>
public sealed class RunSettings : CommandSettings
{
    [CommandOption("--ssh-key <FILE>")]
    [Description("Operator's private SSH key (default ~/.ssh/id_ed25519).")]
    public string? SshKey { get; init; }

    [CommandOption("--accept-new-host-keys")]
    [Description("Trust and record host keys of nodes missing from bootstrap/known_hosts (nodes not written by `card`). A changed key is still refused.")]
    public bool AcceptNewHostKeys { get; init; }

    [CommandOption("--dry-run")]
    [Description("Print the plan (node, phase, step) without connecting.")]
    public bool DryRun { get; init; }

    [CommandOption("--scripts")]
    [Description("With --dry-run: print every planned step's check and action scripts exactly as they will be sent.")]
    public bool Scripts { get; init; }

    [CommandOption("--only <NODE>")]
    [Description("Run only this node's steps.")]
    public string? Only { get; init; }

    [CommandOption("--kubeconfig <FILE>")]
    [Description("Kubeconfig the admin context is merged into (default ~/.kube/config).")]
    public string? Kubeconfig { get; init; }

    [CommandOption("--flux-manifest <FILE>")]
    [Description("flux: use this install.yaml instead of downloading it (checked against the pin or --flux-sha256 when there is one).")]
    public string? FluxManifest { get; init; }

    [CommandOption("--flux-sha256 <HEX>")]
    [Description("flux: expected SHA-256 of install.yaml while FluxSettings.InstallManifestSha256 is not pinned.")]
    public string? FluxSha256 { get; init; }

    [CommandOption("--no-commit")]
    [Description("flux: do not commit gotk-components.yaml (it is still applied).")]
    public bool NoCommit { get; init; }

    [CommandOption("--rotate")]
    [Description("secrets: replace Secrets that already exist with the values from .picluster/secrets.yaml / the environment.")]
    public bool Rotate { get; init; }

    [CommandOption("--command-timeout <MINUTES>")]
    [Description("Default timeout per remote command (default 10; long steps set their own).")]
    public int? CommandTimeoutMinutes { get; init; }
}
