namespace Infrastructure.Azure.Messaging;

/// <summary>How to reach a Service Bus namespace and how to receive from it.</summary>
public sealed record ServiceBusTransportOptions
{
    /// <summary>The section name the settings use for these options, in error messages.</summary>
    public const string Section = "ServiceBus";

    /// <summary>A connection string with a shared access key; leave empty to use Entra ID with <see cref="FullyQualifiedNamespace"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The namespace host (<c>contoso.servicebus.windows.net</c>) reached with <c>DefaultAzureCredential</c>.</summary>
    public string? FullyQualifiedNamespace { get; init; }

    /// <summary>The client id of the user-assigned managed identity to sign in with; only with <see cref="FullyQualifiedNamespace"/>.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>
    /// Creates missing topics, subscriptions and rules at start-up (needs the Manage right). When false,
    /// start-up only checks that every topic and subscription exists and names those that do not.
    /// </summary>
    public bool CreateTopology { get; init; } = true;

    /// <summary>Prepended to every topic path, so that several environments (or test runs) can share a namespace.</summary>
    public string EntityPathPrefix { get; init; } = "";

    /// <summary>Messages each receiver fetches ahead of its callers; 0 fetches on demand only (prefetched messages' locks run while they wait).</summary>
    public int PrefetchCount { get; init; }

    /// <summary>How long a received message's lock is renewed while its handler runs; zero turns renewal off.</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>On a session subscription, how long a session may stay empty before its receiver moves on to the next one.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts after a throttled or transient failure, on top of the SDK's own retries.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>Throws <see cref="InvalidSettingException"/> naming the first option that is missing or contradicts another.</summary>
    public void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasNamespace = !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
        if (hasConnectionString == hasNamespace)
        {
            throw new InvalidSettingException(
                $"{Section}:{nameof(ConnectionString)}",
                hasConnectionString
                    ? $"give either a connection string or {Section}:{nameof(FullyQualifiedNamespace)} (Entra ID), not both."
                    : $"give a connection string, or {Section}:{nameof(FullyQualifiedNamespace)} to sign in with Entra ID.");
        }

        if (hasNamespace && (FullyQualifiedNamespace!.Contains("://", StringComparison.Ordinal) || FullyQualifiedNamespace.Contains(';', StringComparison.Ordinal)))
        {
            throw new InvalidSettingException($"{Section}:{nameof(FullyQualifiedNamespace)}", "give the host name only, such as contoso.servicebus.windows.net.");
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId) && !hasNamespace)
        {
            throw new InvalidSettingException($"{Section}:{nameof(ManagedIdentityClientId)}", $"a managed identity signs in only with {Section}:{nameof(FullyQualifiedNamespace)}; a connection string carries its own key.");
        }

        if (PrefetchCount < 0)
        {
            throw new InvalidSettingException($"{Section}:{nameof(PrefetchCount)}", "must be 0 or more.");
        }

        if (MaxAutoLockRenewalDuration < TimeSpan.Zero)
        {
            throw new InvalidSettingException($"{Section}:{nameof(MaxAutoLockRenewalDuration)}", "must be zero (off) or a positive duration.");
        }

        if (SessionIdleTimeout <= TimeSpan.Zero)
        {
            throw new InvalidSettingException($"{Section}:{nameof(SessionIdleTimeout)}", "must be a positive duration.");
        }

        if (MaxRetryAttempts < 0)
        {
            throw new InvalidSettingException($"{Section}:{nameof(MaxRetryAttempts)}", "must be 0 or more.");
        }

        if (EntityPathPrefix.Length > 0 && !System.Text.RegularExpressions.Regex.IsMatch(EntityPathPrefix, "^[A-Za-z0-9._/-]+$"))
        {
            throw new InvalidSettingException($"{Section}:{nameof(EntityPathPrefix)}", "use letters, digits, '.', '-', '_' and '/' only.");
        }
    }
}
