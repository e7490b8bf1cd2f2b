using Conference.Common.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conference.Common.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IEmailSender"/>: the pickup folder (default, local) or SMTP, as the settings say.</summary>
    public static IServiceCollection AddConferenceEmail(this IServiceCollection services, EmailSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailSender>(sp => settings.Delivery == EmailDelivery.Smtp
            ? new SmtpEmailSender(settings)
            : new PickupDirectoryEmailSender(Path.GetFullPath(settings.PickupDirectory), settings.From, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
