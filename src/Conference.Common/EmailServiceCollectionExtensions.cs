using Conference.Common.Settings;
using Infrastructure;
using Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Common;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IEmailSender"/>: the pickup folder (default, local) or SMTP, as the settings say.</summary>
    public static IServiceCollection AddConferenceEmail(this IServiceCollection services, EmailOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailSender>(sp => settings.Delivery == EmailDelivery.Smtp
            ? new SmtpEmailSender(new SmtpEmailOptions
            {
                Host = settings.SmtpHost ?? throw new InvalidSettingException("Email.SmtpHost", "is required when Email.Delivery is Smtp."),
                Port = settings.SmtpPort,
                UseTls = settings.SmtpUseTls,
                UserName = settings.SmtpUserName,
                Password = settings.SmtpPassword,
                From = settings.From,
            }, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SmtpEmailSender>>() ?? NullLogger<SmtpEmailSender>.Instance)
            : new PickupDirectoryEmailSender(Path.GetFullPath(settings.PickupDirectory), settings.From, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
