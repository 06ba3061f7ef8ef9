using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccountClosure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                table: "AspNetUsers",
                type: "character varying(500)",
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
