using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_follows_UserId_Kind_TargetId",
                table: "follows");

            migrationBuilder.AddColumn<string>(
                name: "Query",
                table: "follows",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_follows_UserId_Kind_TargetId_Query",
                table: "follows",
                columns: new[] { "UserId", "Kind", "TargetId", "Query" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_follows_UserId_Kind_TargetId_Query",
                table: "follows");

            migrationBuilder.DropColumn(
                name: "Query",
                table: "follows");

            migrationBuilder.CreateIndex(
                name: "IX_follows_UserId_Kind_TargetId",
                table: "follows",
                columns: new[] { "UserId", "Kind", "TargetId" },
                unique: true);
        }
    }
}
