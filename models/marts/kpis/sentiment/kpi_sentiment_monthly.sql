{#-
    Sentiment score of open text by month and segment: texts scored (the sample size), the
    mean polarity score (-1..1) with a 95% interval, and the label mix (negative / neutral /
    positive shares, Wilson interval on the negative share). Row-level logic: the Python
    model fct_text_sentiments (cxm.sentiment); formula: the metrics in sentiment.yml.
    DECISIONLOG.md#text-sentiment. Disabled on Spark with its fact (sentiment.yml).
-#}
with

text_sentiments as (
    select * from {{ ref('fct_text_sentiments') }}
),

by_segment as (
    {{ cx_kpi_by_month_and_segment(
        'text_sentiments', 'written_month', var('cx_sentiment_segments'),
        {
            'texts': 'count(*)',
            'polarity_sum': 'sum(polarity_score)',
            'polarity_square_sum': 'sum(polarity_score * polarity_score)',
            'negative_texts': 'sum(is_negative)',
            'neutral_texts': 'sum(is_neutral)',
            'positive_texts': 'sum(is_positive)',
        },
        zero_fill=['texts', 'polarity_sum', 'polarity_square_sum', 'negative_texts', 'neutral_texts', 'positive_texts'],
    ) }}
),

scored as (
    select
        kpi_month,
        segment_name,
        segment_value,
        cast(texts as bigint) as texts,
        cast(negative_texts as bigint) as negative_texts,
        cast(neutral_texts as bigint) as neutral_texts,
        cast(positive_texts as bigint) as positive_texts,
        case when texts > 0 then cast(polarity_sum as double) / texts end as sentiment_score_mean,
        -- standard error of the mean: sample standard deviation / sqrt(n); null below 2 texts
        case
            when texts > 1
                then sqrt(
                    greatest(polarity_square_sum - polarity_sum * polarity_sum / texts, 0) / (texts - 1) / texts
                )
        end as sentiment_score_standard_error,
        case when texts > 0 then cast(negative_texts as double) / texts end as negative_share,
        case when texts > 0 then cast(neutral_texts as double) / texts end as neutral_share,
        case when texts > 0 then cast(positive_texts as double) / texts end as positive_share,
        {{ cx_share_ci95('negative_texts', 'texts', 'low') }} as negative_share_ci95_low,
        {{ cx_share_ci95('negative_texts', 'texts', 'high') }} as negative_share_ci95_high,
        texts < {{ var('cx_min_sample_size') }} as is_small_sample
    from by_segment
),

with_intervals as (
    select
        *,
        {{ cx_normal_ci95('sentiment_score_mean', 'sentiment_score_standard_error', 'low', '-1.0', '1.0') }}
            as sentiment_score_ci95_low,
        {{ cx_normal_ci95('sentiment_score_mean', 'sentiment_score_standard_error', 'high', '-1.0', '1.0') }}
            as sentiment_score_ci95_high
    from scored
),

final as (
    {{ cx_kpi_change_and_targets(
        'with_intervals', 'sentiment_score_mean', 'sentiment_score_mean',
        standard_error='sentiment_score_standard_error',
        change_column='sentiment_score_change',
    ) }}
)

select * from final
