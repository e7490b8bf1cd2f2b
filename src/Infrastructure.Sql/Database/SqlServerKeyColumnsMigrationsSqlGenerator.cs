using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Update;

namespace Infrastructure.Sql.Database;

/// <summary>
/// The hand-written migrations declare text columns without a length, which SQLite and PostgreSQL
/// store as unbounded text; SQL Server makes them nvarchar(max), which no key or index may hold. Here,
/// on SQL Server only, a text column that a key, unique constraint, foreign key or index uses becomes
/// nvarchar(450) (EF Core's own choice for key strings): when the column is created in the same
/// migration, in its definition; when an index on an existing column comes in a later migration,
/// by an ALTER COLUMN just before the index that keeps its nullability.
/// </summary>
public sealed class SqlServerKeyColumnsMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, ICommandBatchPreparer commandBatchPreparer)
    : SqlServerMigrationsSqlGenerator(dependencies, commandBatchPreparer)
{
    public const int KeyLength = 450;

    public override IReadOnlyList<MigrationCommand> Generate(IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        base.Generate(BoundKeyColumns(operations), model, options);

    /// <summary>The operations, with the key text columns they create bounded and the ones they index afterwards altered first.</summary>
    public static IReadOnlyList<MigrationOperation> BoundKeyColumns(IReadOnlyList<MigrationOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var keyed = new HashSet<(string Table, string Column)>();
        foreach (var operation in operations)
        {
            foreach (var column in KeyColumns(operation))
            {
                keyed.Add(column);
            }
        }

        var created = new HashSet<(string Table, string Column)>();
        var result = new List<MigrationOperation>(operations.Count);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation table:
                    foreach (var column in table.Columns)
                    {
                        Bound(column, keyed.Contains((table.Name, column.Name)));
                        created.Add((table.Name, column.Name));
                    }

                    break;
                case AddColumnOperation column:
                    Bound(column, keyed.Contains((column.Table, column.Name)));
                    created.Add((column.Table, column.Name));
                    break;
                default:
                    result.AddRange(KeyColumns(operation).Where(c => !created.Contains(c)).Distinct().Select(c => AlterUnboundedText(c.Table, c.Column)));
                    break;
            }

            result.Add(operation);
        }

        return result;
    }

    private static IEnumerable<(string Table, string Column)> KeyColumns(MigrationOperation operation) => operation switch
    {
        CreateTableOperation table => (table.PrimaryKey?.Columns ?? [])
            .Concat(table.UniqueConstraints.SelectMany(u => u.Columns))
            .Concat(table.ForeignKeys.SelectMany(f => f.Columns))
            .Select(c => (table.Name, c)),
        CreateIndexOperation index => index.Columns.Select(c => (index.Table, c)),
        AddPrimaryKeyOperation key => key.Columns.Select(c => (key.Table, c)),
        AddUniqueConstraintOperation unique => unique.Columns.Select(c => (unique.Table, c)),
        AddForeignKeyOperation foreign => foreign.Columns.Select(c => (foreign.Table, c)),
        _ => [],
    };

    private static void Bound(ColumnOperation column, bool keyed)
    {
        if (keyed && column.ClrType == typeof(string) && column.ColumnType is null && column.MaxLength is null)
        {
            column.MaxLength = KeyLength;
        }
    }

    /// <summary>Turns an existing nvarchar(max) column into nvarchar(450), keeping NULL or NOT NULL; anything else is left alone.</summary>
    private static SqlOperation AlterUnboundedText(string table, string column)
    {
        var filter = $"object_id = OBJECT_ID(N'[{table}]') AND name = N'{column}' AND max_length = -1 AND system_type_id = TYPE_ID(N'nvarchar')";
        return new SqlOperation
        {
            Sql = $"""
                IF EXISTS (SELECT 1 FROM sys.columns WHERE {filter} AND is_nullable = 1)
                    ALTER TABLE [{table}] ALTER COLUMN [{column}] nvarchar({KeyLength}) NULL;
                IF EXISTS (SELECT 1 FROM sys.columns WHERE {filter} AND is_nullable = 0)
                    ALTER TABLE [{table}] ALTER COLUMN [{column}] nvarchar({KeyLength}) NOT NULL;
                """,
        };
    }
}
