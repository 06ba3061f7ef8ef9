using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HideRequestsMessagesAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HiddenAt",
                table: "requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "requests",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "requests",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HiddenAt",
                table: "request_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "request_messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "request_messages",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HiddenAt",
                table: "request_attachments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "request_attachments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "request_attachments",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "request_attachments");
        }
    }
}
