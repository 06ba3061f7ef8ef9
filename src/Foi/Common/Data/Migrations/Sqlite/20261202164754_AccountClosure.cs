using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountClosure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ClosedReason",
                table: "AspNetUsers");
        }
    }
}
