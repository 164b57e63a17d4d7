using System.Data.SqlClient;
using System.Net;
using System.Net.Mail;

var smtp = new SmtpClient("smtp.example.com", 587)
{
    Credentials = new NetworkCredential("noreply@example.com", "N0tS0Secret!"),
    EnableSsl = true,
};
var conn = new SqlConnection("Server=tcp:sql01.example.net,1433;Database=Orders;User Id=sa;Password=Pa$$w0rd2019;");
var odbc = "Driver={ODBC Driver 18 for SQL Server};Server=sql02;Database=Hr;Uid=hr_reader;Pwd=HrpykcZoBLv5;";
var trusted = "Server=sql03;Database=Audit;Integrated Security=SSPI;";
var creds = new NetworkCredential(user, Environment.GetEnvironmentVariable("SMTP_PASSWORD"));
