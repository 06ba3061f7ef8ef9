using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestVisibility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Visibility",
                table: "requests",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Public");

            // Requests hidden before there were levels were hidden from the public but not from their requester.
            migrationBuilder.Sql("UPDATE requests SET \"Visibility\" = 'RequesterOnly' WHERE \"HiddenAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Visibility",
                table: "requests");
        }
    }
}
