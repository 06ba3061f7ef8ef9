using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Foi.Common.Data;

/// <summary>
/// Writes many rows of one entity in a few multi-row statements, bypassing the change tracker: for imports that add
/// tens of thousands of rows, where EF's one statement per row costs far more than the work itself. Tables, columns,
/// value conversions and parameter types all come from the model, so the rows are stored exactly as EF would store
/// them; the SQL (<c>INSERT … ON CONFLICT</c>) is the same on SQLite and PostgreSQL. The caller's transaction is used.
/// Entities written this way are not topics of the change feed (a bulk write records no changes).
/// </summary>
internal static class BulkRows
{
    /// <summary>Well under SQLite's and PostgreSQL's limits on parameters per statement.</summary>
    private const int MaxParameters = 4000;

    /// <summary>
    /// Inserts <paramref name="rows"/>; a row whose <paramref name="conflictOn"/> columns match an existing row updates
    /// that row's <paramref name="updateOnConflict"/> columns instead, or is skipped when none are given.
    /// </summary>
    public static async Task UpsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string[] conflictOn, string[] updateOnConflict, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        // An integer key the database numbers is left to it.
        var properties = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int))))
            .ToList();
        var columns = properties.Select(p => new Column(p.GetGetter(), p.GetRelationalTypeMapping().Converter)).ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string propertyName) => sql.DelimitIdentifier(entity.FindProperty(propertyName)!.GetColumnName(table)!);

        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES ";
        var conflict = $" ON CONFLICT ({string.Join(", ", conflictOn.Select(Column))}) " + (updateOnConflict.Length == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", updateOnConflict.Select(p => $"{Column(p)} = excluded.{Column(p)}")));
        // SQLite binds parameters by name, one search each, so many parameters per statement cost their square; one row
        // per statement, prepared once and run again with new values, is SQLite's fast path. PostgreSQL gains from
        // fewer round trips.
        var perStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, MaxParameters / properties.Count);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var shapedFor = 0;
            foreach (var chunk in rows.Chunk(perStatement))
            {
                if (chunk.Length != shapedFor)
                {
                    // A new shape: the statement's text and its parameters, typed by the model's mappings.
                    var text = new StringBuilder(into);
                    command.Parameters.Clear();
                    for (var r = 0; r < chunk.Length; r++)
                    {
                        text.Append(r == 0 ? "(" : ", (");
                        for (var c = 0; c < properties.Count; c++)
                        {
                            var name = "p" + command.Parameters.Count;
                            text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                            command.Parameters.Add(properties[c].GetRelationalTypeMapping().CreateParameter(command, name, null, properties[c].IsNullable));
                        }
                        text.Append(')');
                    }
                    command.CommandText = text.Append(conflict).ToString();
                    shapedFor = chunk.Length;
                }
                // Same text, new values: SQLite keeps the statement prepared.
                for (var r = 0; r < chunk.Length; r++)
                {
                    for (var c = 0; c < properties.Count; c++)
                    {
                        command.Parameters[r * properties.Count + c].Value = columns[c].ValueOf(chunk[r]);
                    }
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>How one property's value becomes what the provider stores: its converter, and no NUL in text (as <see cref="NulFreeText"/> does for EF's saves).</summary>
    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object ValueOf(object entity)
        {
            var value = Getter.GetClrValue(entity);
            if (value is string text)
            {
                value = NulFreeText.Clean(text);
            }
            return (value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value)) ?? DBNull.Value;
        }
    }
}
