package io.dmsnap.bench.fio;

import java.util.Locale;

/**
 * fio's arithmetic in option values: a numeric value that starts with {@code (} is an expression
 * with {@code + - * / % ^}, unary minus and parentheses, as fio's HOWTO describes ("Job file
 * parameters"). Numbers are decimal, fractional or {@code 0x} hexadecimal and may carry fio's
 * expression units: {@code k}/{@code kb} = 1024, {@code m}/{@code mb}, {@code g}, {@code t},
 * {@code p} powers of 1024, {@code kib}/{@code mib}/{@code gib}/{@code pib} powers of 1000; in a
 * time, {@code us}, {@code ms}, {@code s}, {@code m} (minutes), {@code h} and {@code d}, and an
 * expression without any unit counts seconds. The value is computed in double precision and
 * truncated to an integer; {@code ^} binds tightest and to the right.
 *
 * <p>Debian's fio 3.33 is built without this feature (its parser rejects {@code bs=(2*4096)}); the
 * upstream build evaluates it. {@code $(...)} is not fio syntax and is refused with that hint.
 */
final class FioArithmetic
{
    private final String key;
    private final String value;
    private final String text;
    private final boolean time;
    /** bc's rules: plain integers, no units, division truncates. */
    private final boolean bc;
    private int at;
    private boolean unitSeen;

    private FioArithmetic(final String key, final String value, final boolean time, final boolean bc)
    {
        this.key = key;
        this.value = value;
        this.text = value.trim().toLowerCase(Locale.ROOT);
        this.time = time;
        this.bc = bc;
    }

    /**
     * The integer value of {@code expression} as {@code bc} computes it (no units, integer
     * division): what fio does with a value holding a keyword such as {@code $ncpus} and an
     * operator ({@code numjobs=$ncpus*2}).
     */
    static long bc(final String key, final String expression)
    {
        final FioArithmetic p = new FioArithmetic(key, expression, false, true);
        double v;
        try
        {
            v = p.sum();
            p.skipBlanks();
        }
        catch (final IllegalArgumentException e)
        {
            v = Double.NaN;
        }
        if (p.at != p.text.length() || Double.isNaN(v) || Math.abs(v) > 9.0e18)
        {
            throw FioValues.bad(key, expression, "integer arithmetic with + - * / % ^ and parentheses "
                + "(fio hands a value with $ncpus, $pagesize or $mb_memory and an operator to bc)");
        }
        return (long) v;
    }

    /**
     * The value of the expression {@code value} (starting with {@code (}): bytes, or microseconds
     * when {@code time}; a time without units is in seconds when {@code seconds}.
     */
    static long evaluate(final String key, final String value, final boolean time, final boolean seconds)
    {
        final FioArithmetic p = new FioArithmetic(key, value, time, false);
        final double v = p.sum();
        p.skipBlanks();
        if (p.at != p.text.length())
        {
            throw p.bad();
        }
        final double scaled = time && seconds && !p.unitSeen ? v * 1e6 : v;
        if (Double.isNaN(scaled) || Double.isInfinite(scaled) || Math.abs(scaled) > 9.0e18)
        {
            throw FioValues.bad(key, value, "an expression with a finite result");
        }
        if (scaled < 0)
        {
            throw FioValues.bad(key, value, "an expression with a result of 0 or more");
        }
        return (long) scaled;
    }

    private double sum()
    {
        double v = product();
        while (true)
        {
            final char c = peek();
            if (c == '+')
            {
                at++;
                v += product();
            }
            else if (c == '-')
            {
                at++;
                v -= product();
            }
            else
            {
                return v;
            }
        }
    }

    private double product()
    {
        double v = power();
        while (true)
        {
            final char c = peek();
            if (c == '*')
            {
                at++;
                v *= power();
            }
            else if (c == '/' || c == '%')
            {
                at++;
                final double d = power();
                if (d == 0)
                {
                    throw FioValues.bad(key, value, "an expression without a division by zero");
                }
                v = c == '/' ? (bc ? (double) (long) (v / d) : v / d) : v % d;
            }
            else
            {
                return v;
            }
        }
    }

    private double power()
    {
        final double base = unary();
        if (peek() == '^')
        {
            at++;
            return Math.pow(base, power());
        }
        return base;
    }

    private double unary()
    {
        final char c = peek();
        if (c == '-')
        {
            at++;
            return -unary();
        }
        if (c == '(')
        {
            at++;
            final double v = sum();
            if (peek() != ')')
            {
                throw bad();
            }
            at++;
            return v;
        }
        return number();
    }

    private double number()
    {
        skipBlanks();
        final int start = at;
        double v;
        if (text.startsWith("0x", at))
        {
            at += 2;
            while (at < text.length() && Character.digit(text.charAt(at), 16) >= 0)
            {
                at++;
            }
            if (at == start + 2)
            {
                throw bad();
            }
            v = Long.parseLong(text.substring(start + 2, at), 16);
        }
        else
        {
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.'))
            {
                at++;
            }
            if (at == start)
            {
                throw bad();
            }
            try
            {
                v = Double.parseDouble(text.substring(start, at));
            }
            catch (final NumberFormatException e)
            {
                throw bad();
            }
        }
        final int unitStart = at;
        while (at < text.length() && Character.isLetter(text.charAt(at)))
        {
            at++;
        }
        final String unit = text.substring(unitStart, at);
        if (!unit.isEmpty() && bc)
        {
            throw bad();
        }
        if (!unit.isEmpty())
        {
            unitSeen = true;
            v *= unit(unit);
        }
        return v;
    }

    private double unit(final String unit)
    {
        switch (unit)
        {
            case "k": case "kb": return 1024.0;
            case "mb": return 1024.0 * 1024;
            case "g": case "gb": return 1024.0 * 1024 * 1024;
            case "t": case "tb": return Math.pow(1024, 4);
            case "p": case "pb": return Math.pow(1024, 5);
            case "kib": return 1e3;
            case "mib": return 1e6;
            case "gib": return 1e9;
            case "pib": return 1e12;
            case "m": return time ? 60e6 : 1024.0 * 1024;
            case "us": return 1;
            case "ms": return 1e3;
            case "s": return 1e6;
            case "h": return 3600e6;
            case "d": return 86_400e6;
            default: throw bad();
        }
    }

    private char peek()
    {
        skipBlanks();
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipBlanks()
    {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t'))
        {
            at++;
        }
    }

    private IllegalArgumentException bad()
    {
        return FioValues.bad(key, value, "an arithmetic expression in parentheses such as (2*64k) or ((1+2)*4k), "
            + "with + - * / % ^ and fio's units");
    }
}
