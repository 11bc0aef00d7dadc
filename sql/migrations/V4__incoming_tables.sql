-- usage-intel 0.4: the per-run tables are named for what they hold, the rows a run brings in before
-- its publish: incoming_*, never to be confused with the published stg_feature_usage of the
-- original design. Only names change (the tables' and their keys'); rows and grants go with them.

alter table stage_feature_usage rename to incoming_feature_usage;
alter table stage_dim_member rename to incoming_dim_member;
alter table stage_dim_date rename to incoming_dim_date;
alter table stage_dim_app_version rename to incoming_dim_app_version;
alter table stage_agg_usage_daily rename to incoming_agg_usage_daily;
alter table stage_agg_kpi_daily rename to incoming_agg_kpi_daily;
alter table stage_agg_app_version_stability rename to incoming_agg_app_version_stability;
alter table stage_agg_retention_weekly rename to incoming_agg_retention_weekly;
alter table stage_agg_feature_retention_weekly rename to incoming_agg_feature_retention_weekly;
alter table stage_agg_feature_adoption_daily rename to incoming_agg_feature_adoption_daily;
alter table stage_agg_days_active_monthly rename to incoming_agg_days_active_monthly;
alter table stage_agg_anomaly_daily rename to incoming_agg_anomaly_daily;
alter table stage_touched_day rename to incoming_touched_day;
alter table stage_state_day rename to incoming_state_day;
alter table stage_state_version_day rename to incoming_state_version_day;
alter table stage_state_member_day rename to incoming_state_member_day;
alter table stage_state_feature_day rename to incoming_state_feature_day;
alter table stage_state_user rename to incoming_state_user;
alter table stage_state_user_attribute rename to incoming_state_user_attribute;
alter table stage_replaced_user rename to incoming_replaced_user;

alter index stage_dim_member_pkey rename to incoming_dim_member_pkey;
alter index stage_dim_date_pkey rename to incoming_dim_date_pkey;
alter index stage_dim_app_version_pkey rename to incoming_dim_app_version_pkey;
alter index stage_agg_usage_daily_pkey rename to incoming_agg_usage_daily_pkey;
alter index stage_agg_kpi_daily_pkey rename to incoming_agg_kpi_daily_pkey;
alter index stage_agg_app_version_stability_pkey rename to incoming_agg_app_version_stability_pkey;
alter index stage_agg_retention_weekly_pkey rename to incoming_agg_retention_weekly_pkey;
alter index stage_agg_feature_retention_weekly_pkey rename to incoming_agg_feature_retention_weekly_pkey;
alter index stage_agg_feature_adoption_daily_pkey rename to incoming_agg_feature_adoption_daily_pkey;
alter index stage_agg_days_active_monthly_pkey rename to incoming_agg_days_active_monthly_pkey;
alter index stage_agg_anomaly_daily_pkey rename to incoming_agg_anomaly_daily_pkey;
alter index stage_touched_day_pkey rename to incoming_touched_day_pkey;
alter index stage_state_day_pkey rename to incoming_state_day_pkey;
alter index stage_state_version_day_pkey rename to incoming_state_version_day_pkey;
alter index stage_state_member_day_pkey rename to incoming_state_member_day_pkey;
alter index stage_state_feature_day_pkey rename to incoming_state_feature_day_pkey;
alter index stage_state_user_pkey rename to incoming_state_user_pkey;
alter index stage_state_user_attribute_pkey rename to incoming_state_user_attribute_pkey;
alter index stage_replaced_user_pkey rename to incoming_replaced_user_pkey;
