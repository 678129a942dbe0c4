using Aide.Usage;

namespace Aide.Core.Tests.Usage;

public sealed class UsageBudgetTests
{
    [Theory]
    [InlineData("20/month", 20, BudgetPeriod.Month, "USD")]
    [InlineData("5/day EUR", 5, BudgetPeriod.Day, "EUR")]
    [InlineData("  100 / week  ", 100, BudgetPeriod.Week, "USD")]
    [InlineData("$7.5/monthly", 7.5, BudgetPeriod.Month, "USD")]
    [InlineData("20", 20, BudgetPeriod.Month, "USD")]
    public void Budgets_are_read_as_people_write_them(string text, double amount, BudgetPeriod period, string currency)
    {
        var budget = UsageBudget.Parse(text);
        Assert.Equal(new UsageBudget((decimal)amount, period, currency), budget);
        Assert.Equal(budget, UsageBudget.Parse(budget.ToString())); // what it prints, it reads
    }

    [Theory]
    [InlineData("")]
    [InlineData("twenty/month")]
    [InlineData("20/year")]
    [InlineData("-5/day")]
    [InlineData("0/day")]
    [InlineData("20/month dollars")]
    [InlineData("20/month/USD/x")]
    public void Anything_else_is_refused_with_the_form_to_use(string text)
    {
        var error = Assert.Throws<FormatException>(() => UsageBudget.Parse(text));
        Assert.Contains("AMOUNT/PERIOD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Periods_are_calendar_days_weeks_from_monday_and_months_in_utc()
    {
        var sunday = new DateTimeOffset(2026, 12, 6, 23, 30, 0, TimeSpan.FromHours(-5)); // Monday 04:30 UTC
        Assert.Equal(
            (new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)),
            UsageBudget.Parse("1/day").PeriodOf(sunday));
        Assert.Equal(
            (new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 14, 0, 0, 0, TimeSpan.Zero)),
            UsageBudget.Parse("1/week").PeriodOf(sunday));
        Assert.Equal(
            (new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)),
            UsageBudget.Parse("1/week").PeriodOf(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero))); // a Sunday ends its week
        Assert.Equal(
            (new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            UsageBudget.Parse("1/month").PeriodOf(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)));
    }
}
