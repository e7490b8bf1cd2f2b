using Conference.Common.Hosting;
using Conference.Common.Settings;
using Infrastructure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel.Notifications;

namespace Conference.Common;

public static class ProcessorServiceCollectionExtensions
{
    /// <summary>
    /// Everything the worker runs, each handler on its own subscription: the Registration write side and
    /// process manager, the read-model generators, Payments, Conference Management's orders list and
    /// outbox, the waiting lists, the event-store publisher and the message-log writers; it also owns the sites' data-protection key ring store. Stores are migrated and the
    /// topology created on start.
    /// </summary>
    public static IServiceCollection AddConferenceProcessor(this IServiceCollection services, ConferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services
            .AddConferenceInfrastructure(settings)
            .AddEventStoreBusPublisher(settings.EventPublishing)
            .AddSqlRegistrationProcesses(settings.Database)
            .AddSqlPayments(settings.Database)
            .AddPaymentsOutboxRecovery()
            .AddSqlConferenceManagement(settings.Database)
            .AddSqlRegistrationReadModel(settings.Database)
            .AddSqlDataProtectionKeys(settings.Database)
            .AddRegistrationWriteSide()
            .AddRegistrationReadModelGenerators()
            .AddPaymentsHandlers()
            .AddDiscounts()
            .AddConferenceOrderEventHandler()
            .AddConferenceEmail(settings.Email)
            .AddSubscriptionHandler<OrderConfirmationMailer>(Subscriptions.OrderEventsTopic, Subscriptions.OrderConfirmationMailer)
            .AddSqlWaitingListReadModel(settings.Database)
            .AddWaitingListHandlers(settings.WaitingList);
        if (settings.MessageLogEnabled)
        {
            foreach (var topic in settings.Topology.Topics.Where(t => t.Subscriptions.Any(s => s.Name == Subscriptions.Log)))
            {
                services.AddMessageLogWriter(topic.Path, Subscriptions.Log);
            }
        }

        return services;
    }
}
