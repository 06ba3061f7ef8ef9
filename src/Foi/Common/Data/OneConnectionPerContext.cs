using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foi.Common.Data;

/// <summary>
/// EF Core opens and closes the connection around every query: a page of ten queries took a connection from the pool
/// ten times, and each return made the next use reset the session first. The first query's connection stays open until
/// the context (one per web request or unit of work) is disposed, which returns it to the pool.
/// </summary>
internal sealed class OneConnectionPerContext : DbConnectionInterceptor
{
    public static readonly OneConnectionPerContext Instance = new();

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        KeepOpen(connection, result);

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(KeepOpen(connection, result));

    // A connection the server dropped is closed as usual, so the next query (or the retry) opens a fresh one.
    private static InterceptionResult KeepOpen(DbConnection connection, InterceptionResult result) =>
        connection.State == System.Data.ConnectionState.Open ? InterceptionResult.Suppress() : result;
}
