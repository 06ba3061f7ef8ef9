// Violation (not compiled; read by the raw-SQL rule): Beta counting rows of a table with SQL of its own.
namespace Foi.Modules.Beta.Reaching;

internal sealed class CountsAlphaRows(Microsoft.EntityFrameworkCore.DbContext db)
{
    public Task<int> RunAsync() => db.Database.ExecuteSqlRawAsync("DELETE FROM alpha_secrets");
}
