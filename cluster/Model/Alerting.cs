namespace PiCluster.Cluster.Model;

/// <summary>
/// Where Alertmanager sends the cluster's alerts — Prometheus' rules and, through Alertmanager, Flux's errors. The one
/// value only the operator has (a URL, a bot token, an SMTP password) lives in the Secret
/// <see cref="Monitoring.AlertReceiverSecret"/> under <see cref="SecretKeys.ReceiverCredential"/>; `bootstrap secrets`
/// creates it from the operator's input and Alertmanager reads it as a file (prometheus/alertmanager v0.34.0
/// notify/webhook/config.go url_file, notify/telegram/config.go bot_token_file, config/notifiers.go auth_password_file).
/// </summary>
public abstract record AlertReceiver
{
    /// <summary>The receiver's name in Alertmanager's configuration.</summary>
    public abstract string Name { get; }

    /// <summary>What the Secret's credential key holds, for the overview and `bootstrap secrets`' message.</summary>
    public abstract string Credential { get; }
}

/// <summary>Any HTTP endpoint taking Alertmanager's webhook JSON (a Home Assistant webhook, a chat bridge…).</summary>
public sealed record WebhookReceiver : AlertReceiver
{
    public override string Name => "webhook";

    public override string Credential => "the webhook URL";
}

/// <summary>
/// ntfy (ntfy.sh or your own server, 2.10 or later for message templates): Alertmanager posts its JSON to the topic and
/// ntfy turns it into a title and a message (X-Template; binwiederhier/ntfy docs/publish.md, "Message templating").
/// </summary>
public sealed record NtfyReceiver : AlertReceiver
{
    public override string Name => "ntfy";

    public override string Credential => "the topic URL, e.g. https://ntfy.sh/an-unguessable-topic (https://user:password@host/topic for a protected one)";
}

/// <summary>A Telegram bot writing to one chat.</summary>
/// <param name="ChatId">The chat (or group: negative) the bot writes to; not a secret without the bot token.</param>
public sealed record TelegramReceiver(long ChatId) : AlertReceiver
{
    public override string Name => "telegram";

    public override string Credential => "the bot token from @BotFather";
}

/// <summary>E-mail through an SMTP server that wants a login.</summary>
/// <param name="Smarthost">host:port of the SMTP server, e.g. "smtp.example.com:587" (STARTTLS) or ":465" (TLS).</param>
public sealed record EmailReceiver(string To, string From, string Smarthost, string Username) : AlertReceiver
{
    public override string Name => "email";

    public override string Credential => "the SMTP password of " + Username;
}
