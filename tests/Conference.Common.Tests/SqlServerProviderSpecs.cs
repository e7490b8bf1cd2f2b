using Conference.Common.Hosting;
using Conference.Database;
using Infrastructure;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Payments.Database;
using Registration.Process;
using Registration.ReadModel.Implementation;

namespace Conference.Common.Tests;

/// <summary>
/// SQL Server / Azure SQL as the database, where no SQL Server runs: chosen from settings, refused with
/// a named setting when its connection string cannot work, and every store's migrations scripted as
/// T-SQL that SQL Server's own parser reads, with keys it accepts.
/// </summary>
public sealed class given_sql_server_as_the_database
{
    private const string ConnectionString = "Server=tcp:contoso.database.windows.net,1433;Database=conference;Authentication=Active Directory Default;Encrypt=True";

    private static readonly SqlDatabase SqlServer = new(SqlProvider.SqlServer, ConnectionString);

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("sqlserver")]
    [InlineData("AzureSql")]
    public void when_the_settings_name_it_then_every_store_uses_it(string provider)
    {
        var settings = given_the_settings.Read(null, new()
        {
            ["Conference:Database:Provider"] = provider,
            ["Conference:Database:ConnectionString"] = ConnectionString,
        });

        Assert.Equal(SqlProvider.SqlServer, settings.Database.Provider);
        Assert.True(settings.Database.IsSqlServer);
        Assert.Equal(ConnectionString, settings.Database.ConnectionString);
    }

    [Theory]
    [InlineData("Server=db;Database=conference;Bogus=1", "is not a SQL Server connection string")]
    [InlineData("Data Source=.data/conference.db", "names no database")]
    [InlineData("Database=conference", "names no server")]
    [InlineData("Server=db;Database=master;Password=hunter2", "names no database")]
    public void when_its_connection_string_cannot_work_then_reading_fails_naming_the_setting(string connectionString, string reason)
    {
        var error = Assert.Throws<InvalidSettingException>(() => given_the_settings.Read(null, new()
        {
            ["Conference:Database:Provider"] = "SqlServer",
            ["Conference:Database:ConnectionString"] = connectionString,
        }));

        Assert.Equal("Database.ConnectionString", error.SettingName);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_the_provider_is_unknown_then_the_message_lists_the_three()
    {
        var error = Assert.Throws<InvalidSettingException>(() => given_the_settings.Read(null, new() { ["Conference:Database:Provider"] = "Oracle" }));

        Assert.Equal("Database.Provider", error.SettingName);
        Assert.Contains("use Sqlite, Postgres or SqlServer", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Stores() => [.. Contexts.Keys];

    [Theory]
    [MemberData(nameof(Stores))]
    public void when_a_stores_migrations_are_scripted_then_sql_server_parses_them_and_they_create_its_tables_with_keys_it_accepts(string store)
    {
        var (create, tables) = Contexts[store];
        using var context = create();

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.Empty(TransactSql.ParseErrors(script));
        foreach (var table in tables(context))
        {
            Assert.Contains($"CREATE TABLE [{table}] (", script, StringComparison.Ordinal);
        }

        Assert.Empty(TransactSql.UnboundedKeyColumns(script));
        Assert.DoesNotContain("PRAGMA", script, StringComparison.Ordinal);
        Assert.DoesNotContain("AS TEXT", script, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void when_the_transport_tables_are_scripted_then_their_sequence_numbers_are_identities_and_the_partition_index_is_filtered()
    {
        using var context = Contexts["messaging"].Create();

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.Contains("[Id] bigint NOT NULL IDENTITY", script, StringComparison.Ordinal);
        Assert.Contains("ALTER TABLE [Messages] ALTER COLUMN [PartitionKey] nvarchar(450) NULL", script, StringComparison.Ordinal);
        Assert.Matches(@"CREATE INDEX \[IX_Messages_Partition\] ON \[Messages\] \(\[Topic\], \[Subscription\], \[PartitionKey\], \[Id\]\) WHERE ""PartitionKey"" IS NOT NULL", script);
    }

    [Fact]
    public void when_an_outbox_is_upgraded_then_its_guid_columns_become_text_the_sql_server_way()
    {
        using var context = Contexts["payments"].Create();

        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.Contains("lower(CAST(\"Id\" AS nvarchar(36)))", script, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, (Func<DbContext> Create, Func<DbContext, IEnumerable<string>> Tables)> Contexts = new()
    {
        ["messaging"] = (
            () => new MessagingDbContext(SqlServer.CreateOptions<MessagingDbContext>(MessagingDbContext.MigrationsHistoryTable)),
            _ => ["MessagingTopics", "MessagingSubscriptions", "Messages", "DeadLetters", "MessageDuplicates", "MessagePartitionLocks"]),
        ["event store"] = (
            () => new EventStoreDbContext(SqlServer.CreateOptions<EventStoreDbContext>(EventStoreDbContext.MigrationsHistoryTable)),
            _ => ["Events", "UnpublishedEvents"]),
        ["message log"] = (
            () => new MessageLogDbContext(SqlServer.CreateOptions<MessageLogDbContext>(MessageLogDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["blob storage"] = (
            () => new BlobStorageDbContext(SqlServer.CreateOptions<BlobStorageDbContext>(BlobStorageDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["registration process"] = (
            () => new RegistrationProcessManagerDbContext(SqlServer.CreateOptions<RegistrationProcessManagerDbContext>(RegistrationProcessManagerDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["payments"] = (
            () => new PaymentsDbContext(SqlServer.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["conference management"] = (
            () => new ConferenceDbContext(SqlServer.CreateOptions<ConferenceDbContext>(ConferenceDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["data-protection keys"] = (
            () => new DataProtectionKeysDbContext(SqlServer.CreateOptions<DataProtectionKeysDbContext>(DataProtectionKeysDbContext.MigrationsHistoryTable)),
            MappedTables),
        ["registration read model"] = (
            () => new ConferenceRegistrationDbContext(SqlServer.CreateOptions<ConferenceRegistrationDbContext>(ConferenceRegistrationDbContext.MigrationsHistoryTable)),
            MappedTables),
    };

    /// <summary>The tables the context's model maps: the migrations must create each of them.</summary>
    private static IEnumerable<string> MappedTables(DbContext context) => context.Model.GetRelationalModel().Tables.Select(t => t.Name);
}
