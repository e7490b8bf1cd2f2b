using Conference.Contracts;
using Discounts.Contracts;
using Infrastructure.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Payments.Contracts;
using Registration.Contracts;
using WaitingList.Contracts;

namespace Conference.Common;

public static class ConferenceMessages
{
    /// <summary>Registers every message type of the bounded contexts, with the upcasts of old names.</summary>
    public static IServiceCollection AddConferenceMessageTypes(this IServiceCollection services) =>
        services.AddMessageTypes(r =>
        {
            RegistrationMessageTypes.Register(r);
            PaymentsMessageTypes.Register(r);
            ConferenceMessageTypes.Register(r);
            WaitingListMessageTypes.Register(r);
            DiscountsMessageTypes.Register(r);
        });
}
