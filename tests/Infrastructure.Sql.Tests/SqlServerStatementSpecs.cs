using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.MessageLog;
using Infrastructure.Sql.Messaging;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// The SQL Server branch of every hand-written statement, where no SQL Server runs: it parses as T-SQL
/// and claims, limits and upserts the SQL Server way. The same statements run on a server in the
/// SqlServer… conformance suites when CONFERENCE_TEST_SQLSERVER is set.
/// </summary>
public sealed class given_the_hand_written_statements_on_sql_server
{
    private static readonly SqlDatabase SqlServer = new(SqlProvider.SqlServer, "Server=tcp:sql.example,1433;Database=conference;Encrypt=True");

    public static TheoryData<string> Statements() => [.. Catalog(SqlServer).Keys];

    [Theory]
    [MemberData(nameof(Statements))]
    public void when_parsed_as_t_sql_then_it_has_no_errors_and_none_of_the_other_dialects(string name)
    {
        var sql = Catalog(SqlServer)[name];

        Assert.Empty(TransactSql.ParseErrors(sql));
        foreach (var foreign in new[] { " LIMIT ", "ON CONFLICT", "RETURNING", "FOR UPDATE", "SKIP LOCKED", "strpos(", "instr(" })
        {
            Assert.DoesNotContain(foreign, sql.Replace('\n', ' '), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("claim")]
    [InlineData("ordered claim")]
    public void when_a_receiver_claims_a_message_then_it_locks_the_row_skipping_rows_others_hold_and_outputs_it(string name)
    {
        var sql = Catalog(SqlServer)[name];

        Assert.Contains("WITH (UPDLOCK, READPAST, ROWLOCK)", sql, StringComparison.Ordinal);
        Assert.Contains("OUTPUT inserted.\"Id\"", sql, StringComparison.Ordinal);
        Assert.Contains("FETCH NEXT 1 ROWS ONLY", sql, StringComparison.Ordinal);

        // Checked again on the locked row itself, not only in the subquery that found it.
        Assert.Contains("AND \"VisibleAt\" <= @now", sql[sql.LastIndexOf(')')..], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("take partition")]
    [InlineData("record message id")]
    [InlineData("upsert topic")]
    [InlineData("upsert subscription")]
    [InlineData("log message")]
    [InlineData("upsert blob")]
    public void when_a_row_is_upserted_then_it_is_one_merge_holding_the_key_range(string name)
    {
        var sql = Catalog(SqlServer)[name];

        Assert.StartsWith("MERGE ", sql, StringComparison.Ordinal);
        Assert.Contains("WITH (HOLDLOCK)", sql, StringComparison.Ordinal);
        Assert.EndsWith(";", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_partition_is_taken_then_a_live_lease_is_left_alone()
    {
        var sql = SqlMessageReceiver.TakePartitionSql(SqlServer);

        Assert.Contains("WHEN MATCHED AND \"MessagePartitionLocks\".\"LockedUntil\" <= @now THEN UPDATE", sql, StringComparison.Ordinal);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_message_is_logged_twice_then_the_second_leaves_the_first_as_it_was()
    {
        var sql = SqlMessageLog.InsertSql(SqlServer);

        Assert.DoesNotContain("WHEN MATCHED", sql, StringComparison.Ordinal);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void when_the_other_providers_write_the_same_statements_then_they_keep_their_own_dialect()
    {
        var postgres = Catalog(new SqlDatabase(SqlProvider.Postgres, "Host=db;Database=conference"));
        var sqlite = Catalog(new SqlDatabase(SqlProvider.Sqlite, "Data Source=:memory:"));

        Assert.Contains("FOR UPDATE SKIP LOCKED", postgres["claim"], StringComparison.Ordinal);
        Assert.Contains("RETURNING \"Id\"", postgres["claim"], StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"MessagePartitionLocks\"", postgres["take partition"], StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (\"Topic\", \"MessageId\") DO NOTHING", sqlite["log message"], StringComparison.Ordinal);
        Assert.Contains(" LIMIT 1", sqlite["claim"], StringComparison.Ordinal);
        Assert.DoesNotContain("READPAST", sqlite["claim"], StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Catalog(SqlDatabase database) => new()
    {
        ["peek"] = SqlMessageReceiver.PeekSql(database),
        ["claim"] = SqlMessageReceiver.ClaimSql(database),
        ["ordered peek"] = SqlMessageReceiver.OrderedPeekSql(database),
        ["ordered claim"] = SqlMessageReceiver.OrderedClaimSql(database),
        ["take partition"] = SqlMessageReceiver.TakePartitionSql(database),
        ["send"] = SqlMessageSender.InsertSql(database),
        ["record message id"] = SqlMessageSender.RecordSql(database),
        ["list dead letters"] = SqlDeadLetterQueue.ListSql(database),
        ["upsert topic"] = SqlMessagingTopologyInitializer.TopicSql(database),
        ["upsert subscription"] = SqlMessagingTopologyInitializer.SubscriptionSql(database),
        ["log message"] = SqlMessageLog.InsertSql(database),
        ["upsert blob"] = SqlBlobStorage.UpsertSql(database),
        ["current version"] = SqlEventStore.CurrentVersionSql(database),
    };
}
