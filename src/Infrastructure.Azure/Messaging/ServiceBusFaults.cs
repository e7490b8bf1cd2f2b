using Azure.Messaging.ServiceBus;
using Infrastructure.Messaging;
using Infrastructure.Resilience;
using Polly;

namespace Infrastructure.Azure.Messaging;

/// <summary>Which Service Bus failures are worth another try, and how the rest read in the transport's own terms.</summary>
public static class ServiceBusFaults
{
    /// <summary>
    /// Throttling (<see cref="ServiceBusFailureReason.ServiceBusy"/>), a full entity or namespace
    /// (<see cref="ServiceBusFailureReason.QuotaExceeded"/>, which clears as receivers drain it) and what
    /// the SDK itself calls transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is ServiceBusException
    {
        IsTransient: true,
    } or ServiceBusException
    {
        Reason: ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.QuotaExceeded or ServiceBusFailureReason.ServiceTimeout or ServiceBusFailureReason.ServiceCommunicationProblem,
    };

    public static ResiliencePipeline Pipeline(int maxRetryAttempts, TimeSpan? baseDelay = null) =>
        maxRetryAttempts == 0 ? ResiliencePipeline.Empty : ResiliencePipelines.TransientFaults(IsTransient, maxRetryAttempts, baseDelay);

    /// <summary>Runs <paramref name="operation"/> through <paramref name="pipeline"/> and translates what is left of a failure.</summary>
    public static async Task<T> RunAsync<T>(ResiliencePipeline pipeline, string entity, Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        try
        {
            return await pipeline.ExecuteAsync(operation, cancellationToken);
        }
        catch (ServiceBusException ex) when (Translate(ex, entity) is { } translated)
        {
            throw translated;
        }
    }

    public static Task RunAsync(ResiliencePipeline pipeline, string entity, Func<CancellationToken, ValueTask> operation, CancellationToken cancellationToken) =>
        RunAsync(
            pipeline,
            entity,
            async token =>
            {
                await operation(token);
                return true;
            },
            cancellationToken);

    public static Exception? Translate(ServiceBusException exception, string entity)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Reason switch
        {
            ServiceBusFailureReason.MessagingEntityNotFound => new MessagingEntityNotFoundException($"'{entity}' does not exist in the Service Bus namespace.", exception),
            ServiceBusFailureReason.MessageLockLost => new MessageLockLostException($"The lock on a message of '{entity}' expired or was lost; it will be delivered again.", exception),
            ServiceBusFailureReason.SessionLockLost => new MessageLockLostException($"The session lock on '{entity}' expired or was lost; its messages will be delivered again.", exception),
            _ => null,
        };
    }
}
