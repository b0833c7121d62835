{#-
    Of the `days` days after a date, how many fall on the weekday of the (offset+1)-th of
    them (offset 0 to 6): the k-th day after the date repeats every 7 days. Used to extend a
    one-week profile of expected costs (offsets 0..6 = the 7 days after the date) to any
    number of days: sum over offsets of same_weekday_days(days, offset) * expected(offset).
    Example: of the 10 days after a Sunday, Monday to Wednesday (offsets 0 to 2) occur
    twice, Thursday to Sunday (offsets 3 to 6) once.
-#}
{% macro same_weekday_days(days, offset) -%}
    case
        when ({{ days }}) > ({{ offset }})
            then cast(floor(cast(({{ days }}) - 1 - ({{ offset }}) as double) / 7) as int) + 1
        else 0
    end
{%- endmacro %}
