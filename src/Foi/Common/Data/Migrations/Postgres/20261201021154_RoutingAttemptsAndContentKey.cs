using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoutingAttemptsAndContentKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_mail_incoming_MessageId",
                table: "mail_incoming");

            migrationBuilder.AddColumn<string>(
                name: "ContentKey",
                table: "mail_incoming",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NotBefore",
                table: "mail_incoming",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RouteAttempts",
                table: "mail_incoming",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RouteError",
                table: "mail_incoming",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_MessageId",
                table: "mail_incoming",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_MessageId_ContentKey",
                table: "mail_incoming",
                columns: new[] { "MessageId", "ContentKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_State_NotBefore",
                table: "mail_incoming",
                columns: new[] { "State", "NotBefore" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_mail_incoming_MessageId",
                table: "mail_incoming");

            migrationBuilder.DropIndex(
                name: "IX_mail_incoming_MessageId_ContentKey",
                table: "mail_incoming");

            migrationBuilder.DropIndex(
                name: "IX_mail_incoming_State_NotBefore",
                table: "mail_incoming");

            migrationBuilder.DropColumn(
                name: "ContentKey",
                table: "mail_incoming");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "mail_incoming");

            migrationBuilder.DropColumn(
                name: "RouteAttempts",
                table: "mail_incoming");

            migrationBuilder.DropColumn(
                name: "RouteError",
                table: "mail_incoming");

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_MessageId",
                table: "mail_incoming",
                column: "MessageId",
                unique: true);
        }
    }
}
