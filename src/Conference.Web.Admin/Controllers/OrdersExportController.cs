using System.Globalization;
using System.Text;
using Conference.Web.Admin.Security;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace Conference.Web.Admin.Controllers;

/// <summary>The orders and attendees of a conference as CSV, one row per seat (an order with no seats yet is one row with empty seat columns).</summary>
[Route("conferences")]
public sealed class OrdersExportController(ConferenceService conferences) : Controller
{
    public static readonly string[] Header = ["Order", "Access code", "Registrant", "Registrant email", "Status", "Seat type", "Attendee first name", "Attendee last name", "Attendee email"];

    [HttpGet("{slug}/orders.csv")]
    [ServiceFilter<ConferenceAccessFilter>]
    public async Task<IActionResult> Csv(string slug)
    {
        var conference = ConferenceAccessFilter.Current(HttpContext);
        var orders = await conferences.FindOrdersAsync(conference.Id, HttpContext.RequestAborted);
        var text = Write(orders);
        return File(Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", $"{conference.Slug}-orders.csv");
    }

    /// <summary>
    /// RFC 4180 text: CsvHelper quotes fields holding commas, quotes or line breaks, and escapes text a
    /// spreadsheet would run as a formula (a registrant named "=cmd|...").
    /// </summary>
    public static string Write(IEnumerable<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteHeader(Header);
            foreach (var order in orders)
            {
                var registrant = string.Join(' ', new[] { order.RegistrantFirstName, order.RegistrantLastName }.Where(n => !string.IsNullOrEmpty(n)));
                var seats = order.Seats.OrderBy(s => s.Position).ToList();
                foreach (var seat in seats.Count == 0 ? [null] : seats.Cast<OrderSeat?>())
                {
                    csv.WriteRecord(
                    [
                        order.Id.ToString(),
                        order.AccessCode ?? string.Empty,
                        registrant,
                        order.RegistrantEmail ?? string.Empty,
                        order.Status.ToString(),
                        seat?.SeatTypeName ?? string.Empty,
                        seat?.AttendeeFirstName ?? string.Empty,
                        seat?.AttendeeLastName ?? string.Empty,
                        seat?.AttendeeEmail ?? string.Empty,
                    ]);
                }
            }
        }

        return text.ToString();
    }
}
