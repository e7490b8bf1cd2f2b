using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Infrastructure.Sql.Testing;

/// <summary>Reads SQL Server text with Microsoft's T-SQL parser, where no SQL Server runs to try it.</summary>
public static class TransactSql
{
    /// <summary>The parse errors of <paramref name="sql"/> (batches split by GO, double quotes as identifiers), each with its line's text.</summary>
    public static IReadOnlyList<string> ParseErrors(string sql)
    {
        Parse(sql, out var errors);
        var lines = sql.Split('\n');
        return [.. errors.Select(e => $"line {e.Line}: {e.Message} in: {(e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].Trim() : string.Empty)}")];
    }

    /// <summary>
    /// The columns (<c>Table.Column</c>) a primary key, unique constraint, foreign key or index of the
    /// script uses while they are of a (max) type, which SQL Server refuses in a key: read in script
    /// order, so a column altered to a bounded type before its index is fine.
    /// </summary>
    public static IReadOnlyList<string> UnboundedKeyColumns(string sql)
    {
        var script = Parse(sql, out var errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"The script does not parse: {errors[0].Message} (line {errors[0].Line}).", nameof(sql));
        }

        var visitor = new KeyColumns();
        script.Accept(visitor);
        return visitor.Offenders;
    }

    private static TSqlFragment Parse(string sql, out IList<ParseError> errors)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var reader = new StringReader(sql);
        return new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out errors);
    }

    private sealed class KeyColumns : TSqlFragmentVisitor
    {
        private readonly Dictionary<(string Table, string Column), bool> unbounded = [];

        public List<string> Offenders { get; } = [];

        public override void ExplicitVisit(CreateTableStatement node)
        {
            var table = node.SchemaObjectName.BaseIdentifier.Value;
            Define(table, node.Definition);
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node) =>
            Define(node.SchemaObjectName.BaseIdentifier.Value, node.Definition);

        public override void ExplicitVisit(AlterTableAlterColumnStatement node)
        {
            if (node.DataType is not null)
            {
                unbounded[(node.SchemaObjectName.BaseIdentifier.Value, node.ColumnIdentifier.Value)] = IsMax(node.DataType);
            }
        }

        public override void ExplicitVisit(CreateIndexStatement node)
        {
            foreach (var column in node.Columns)
            {
                Use(node.OnName.BaseIdentifier.Value, column.Column.MultiPartIdentifier.Identifiers[^1].Value);
            }
        }

        private void Define(string table, TableDefinition definition)
        {
            foreach (var column in definition.ColumnDefinitions)
            {
                unbounded[(table, column.ColumnIdentifier.Value)] = IsMax(column.DataType);
            }

            foreach (var constraint in definition.TableConstraints)
            {
                var columns = constraint switch
                {
                    UniqueConstraintDefinition unique => unique.Columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value),
                    ForeignKeyConstraintDefinition foreign => foreign.Columns.Select(c => c.Value),
                    _ => [],
                };
                foreach (var column in columns)
                {
                    Use(table, column);
                }
            }
        }

        private void Use(string table, string column)
        {
            if (unbounded.TryGetValue((table, column), out var max) && max)
            {
                Offenders.Add($"{table}.{column}");
            }
        }

        private static bool IsMax(DataTypeReference type) =>
            type is ParameterizedDataTypeReference parameterized && parameterized.Parameters.Any(p => p is MaxLiteral);
    }
}
