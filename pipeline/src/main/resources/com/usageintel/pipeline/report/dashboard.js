// Draws the dashboard's charts from the JSON in #report-data with Apache ECharts. Names in the data
// come from users' CSV files: tooltips are HTML, so every value in them goes through esc().
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var counts = new Intl.NumberFormat('en-US');
  var REGRESSION = '#c62828';

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function percent(value, decimals) {
    return value === null || value === undefined ? '–' : value.toFixed(decimals) + '%';
  }

  function unique(value, i, all) {
    return all.indexOf(value) === i;
  }

  function draw(id, option) {
    option.animation = false;
    option.tooltip = Object.assign({ confine: true }, option.tooltip);
    var chart = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
  }

  var grid = { left: 8, right: 24, top: 32, bottom: 8, containLabel: true };
  var ANOMALY = '#d32f2f';

  // The fleet's anomalies of one metric, aligned with data.dates: '-' on the other days.
  function anomalySeries(metric) {
    var byDate = {};
    data.fleetAnomalies.forEach(function (a) {
      if (a.metric === metric) {
        byDate[a.date] = a;
      }
    });
    return {
      id: 'anomalies', name: 'anomaly', type: 'scatter', z: 5, symbolSize: 11,
      itemStyle: { color: ANOMALY, borderColor: '#fff', borderWidth: 1.5 },
      data: data.dates.map(function (date) {
        var a = byDate[date];
        return a ? { value: a.value, anomaly: a } : '-';
      })
    };
  }

  function anomalyNote(a, format) {
    return 'anomaly: baseline median ' + esc(format(a.baselineMedian)) + ', robust z '
      + esc(a.robustZ.toFixed(2));
  }

  // An axis tooltip of a daily chart: the day, each series' value, and why a day is an anomaly.
  function dailyTooltip(format) {
    return {
      trigger: 'axis',
      formatter: function (points) {
        var lines = [esc(points[0].axisValue)];
        points.forEach(function (p) {
          if (p.seriesId === 'anomalies') {
            if (p.data && p.data.anomaly) {
              lines.push(p.marker + anomalyNote(p.data.anomaly, format));
            }
          } else if (typeof p.value === 'number' && !isNaN(p.value)) {
            lines.push(p.marker + esc(p.seriesName) + ': ' + esc(format(p.value, p.seriesId)));
          }
        });
        return lines.join('<br>');
      }
    };
  }

  draw('chart-dau', {
    grid: grid,
    legend: { top: 0 },
    tooltip: dailyTooltip(function (value, series) {
      return series === 'dau7dAvg' ? value.toFixed(1) : counts.format(value);
    }),
    xAxis: { type: 'category', data: data.dates },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { id: 'dau', name: 'DAU', type: 'bar', data: data.dau, itemStyle: { color: '#9fb3c8' } },
      { id: 'dau7dAvg', name: '7-day average', type: 'line', data: data.dau7dAvg, showSymbol: false,
        lineStyle: { width: 3, color: '#1f5fa6' }, itemStyle: { color: '#1f5fa6' } },
      anomalySeries('dau')
    ]
  });

  draw('chart-events', {
    grid: grid,
    legend: { top: 0 },
    tooltip: dailyTooltip(function (value) { return counts.format(value); }),
    xAxis: { type: 'category', data: data.dates },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { id: 'events', name: 'events', type: 'bar', data: data.events, itemStyle: { color: '#9fb3c8' } },
      anomalySeries('events')
    ]
  });

  draw('chart-error-rate', {
    grid: grid,
    legend: { top: 0 },
    tooltip: dailyTooltip(function (value) { return percent(value, 2); }),
    xAxis: { type: 'category', data: data.dates },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { id: 'errorRate', name: 'error rate', type: 'line', showSymbol: false,
        lineStyle: { width: 2, color: '#1f5fa6' }, itemStyle: { color: '#1f5fa6' },
        data: data.errorRatePct.map(function (v) { return v === null ? '-' : v; }) },
      anomalySeries('error_rate_pct')
    ]
  });

  // Cohorts top to bottom, oldest first; weeks since left to right; week 0 is always 100%.
  var cohorts = data.retention.map(function (r) { return r.cohortWeekStart; }).filter(unique);
  var weeks = data.retention.reduce(function (most, r) { return Math.max(most, r.weeksSince); }, -1);
  document.getElementById('chart-retention').style.height = Math.max(240, 90 + 26 * cohorts.length) + 'px';
  draw('chart-retention', {
    grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        var r = p.data.row;
        return 'cohort of ' + esc(r.cohortWeekStart) + ', week ' + esc(r.weeksSince) + '<br>'
          + esc(counts.format(r.retainedUsers)) + ' of ' + esc(counts.format(r.cohortUsers))
          + ' users active: ' + esc(percent(r.retentionPct, 2));
      }
    },
    visualMap: { min: 0, max: 100, orient: 'horizontal', top: 0, right: 24, itemHeight: 160,
      calculable: false, text: ['100%', '0%'], dimension: 2,
      inRange: { color: ['#f7fbff', '#9ecae1', '#2171b5', '#08306b'] } },
    xAxis: { type: 'category', name: 'weeks since the cohort week', nameLocation: 'middle', nameGap: 22,
      position: 'top',
      data: Array.from({ length: weeks + 1 }, function (_, w) { return String(w); }),
      splitArea: { show: true } },
    yAxis: { type: 'category', inverse: true, data: cohorts, splitArea: { show: true } },
    series: [{
      id: 'retention', type: 'heatmap',
      label: { show: true, fontSize: 10, formatter: function (p) { return p.value[2].toFixed(0); } },
      data: data.retention.map(function (r) {
        return { value: [r.weeksSince, cohorts.indexOf(r.cohortWeekStart), r.retentionPct], row: r,
          label: { color: r.retentionPct >= 55 ? '#fff' : '#1f2933' } };
      })
    }]
  });

  // One line per feature, over every day of dim_date.
  var adoptionDates = data.adoption.map(function (a) { return a.date; }).filter(unique).sort();
  var adoptionFeatures = data.adoption.map(function (a) { return a.feature; }).filter(unique);
  draw('chart-adoption', {
    grid: grid,
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      formatter: function (points) {
        var lines = [esc(points[0].axisValue)];
        points.filter(function (p) { return p.data && p.data.row; }).sort(function (a, b) {
          return b.value - a.value;
        }).forEach(function (p) {
          var a = p.data.row;
          lines.push(p.marker + esc(a.feature) + ': ' + esc(percent(a.adoptionPct, 2)) + ' ('
            + esc(counts.format(a.adopters)) + ' of ' + esc(counts.format(a.usersToDate)) + ')');
        });
        return lines.join('<br>');
      }
    },
    xAxis: { type: 'category', data: adoptionDates },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: adoptionFeatures.map(function (feature) {
      var byDate = {};
      data.adoption.forEach(function (a) {
        if (a.feature === feature) {
          byDate[a.date] = a;
        }
      });
      return {
        name: feature, type: 'line', showSymbol: false,
        data: adoptionDates.map(function (date) {
          var a = byDate[date];
          return a ? { value: a.adoptionPct, row: a } : '-';
        })
      };
    })
  });

  draw('chart-days-active', {
    grid: grid,
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        return esc(counts.format(p.value)) + ' users active on ' + esc(p.name)
          + (p.name === '1' ? ' day' : ' days');
      }
    },
    xAxis: { type: 'category', name: 'days', nameLocation: 'middle', nameGap: 24,
      data: data.daysActive.map(function (d) { return String(d.daysActive); }) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ id: 'daysActive', type: 'bar', itemStyle: { color: '#3e7cb1' },
      data: data.daysActive.map(function (d) { return d.users; }) }]
  });

  var totalEvents = data.features.reduce(function (sum, f) { return sum + f.events; }, 0);
  draw('chart-features', {
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        return p.marker + esc(p.name) + '<br>' + esc(counts.format(p.value)) + ' events ('
          + esc(percent(100 * p.value / totalEvents, 1)) + ')';
      }
    },
    series: [{
      type: 'pie',
      radius: ['38%', '68%'],
      label: { formatter: function (p) { return p.name + ' ' + percent(p.percent, 1); } },
      data: data.features.map(function (f) { return { name: f.member, value: f.events }; })
    }]
  });

  // Per OS, a line over its versions in release order (dim_app_version.sort_order). A version whose
  // rate rests on fewer than data.minKnownFlagEvents known flags is a hollow marker off the line,
  // and the scale is set by the line's versions only: above it, a hollow triangle at the top.
  var MIN = data.minKnownFlagEvents;
  var versionOrder = data.versions.slice().sort(function (a, b) {
    return a.sortOrder - b.sortOrder;
  }).map(function (v) { return v.appVersion; }).filter(unique);
  var osTypes = data.versions.map(function (v) { return v.osType; }).filter(unique);
  var rated = data.versions.filter(function (v) { return v.errorRatePct !== null; });
  var onLine = rated.filter(function (v) { return v.knownFlagEvents >= MIN; });
  var apart = rated.filter(function (v) { return v.knownFlagEvents < MIN; });
  var scaleMax = Math.max(5, Math.ceil(Math.max.apply(null,
    (onLine.length ? onLine : apart).map(function (v) { return v.errorRatePct; }).concat([0])) / 5) * 5);
  var PALETTE = ['#1f5fa6', '#e07b00', '#2e8540', '#7b3fa0', '#00838f', '#8d6e63', '#5c6bc0', '#9e9d24'];
  function osColor(os) {
    return PALETTE[osTypes.indexOf(os) % PALETTE.length];
  }
  function shown(v) {
    return Math.min(v.errorRatePct, scaleMax);
  }
  draw('chart-versions', {
    grid: grid,
    color: PALETTE,
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        var v = p.data.row;
        var lines = [p.marker + esc(v.osType) + ' ' + esc(v.appVersion)
            + (v.regression ? ' <span style="color:' + REGRESSION + ';font-weight:600">regression</span>' : ''),
          'error rate ' + esc(percent(v.errorRatePct, 2)) + ' of ' + esc(counts.format(v.knownFlagEvents))
            + ' events with a known flag (' + esc(counts.format(v.events)) + ' events, '
            + esc(counts.format(v.users)) + ' users)'];
        if (v.knownFlagEvents < MIN) {
          lines.push('fewer than ' + esc(counts.format(MIN)) + ' known flags: drawn apart'
            + (v.errorRatePct > scaleMax ? ', above the scale' : ''));
        }
        if (v.prevAppVersion !== null) {
          lines.push('previous ' + esc(v.prevAppVersion) + ': ' + esc(percent(v.prevErrorRatePct, 2))
            + (v.zScore === null ? '' : ', z = ' + esc(v.zScore.toFixed(2))));
        }
        return lines.join('<br>');
      }
    },
    xAxis: { type: 'category', data: versionOrder, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: scaleMax, axisLabel: { formatter: '{value}%' } },
    series: osTypes.map(function (os) {
      return {
        id: 'line:' + os, name: os, type: 'line', connectNulls: true, symbol: 'circle', symbolSize: 6,
        itemStyle: { color: osColor(os) }, lineStyle: { color: osColor(os), width: 2 },
        data: versionOrder.map(function (version) {
          var row = onLine.find(function (v) { return v.osType === os && v.appVersion === version; });
          return row ? { value: row.errorRatePct, row: row } : '-';
        })
      };
    }).concat([{
      id: 'apart', name: 'under ' + counts.format(MIN) + ' known flags', type: 'scatter', symbol: 'emptyCircle',
      symbolSize: 8, itemStyle: { color: '#7b8794' },
      data: apart.map(function (v) {
        return { value: [v.appVersion, shown(v)], row: v,
          symbol: v.errorRatePct > scaleMax ? 'emptyTriangle' : 'emptyCircle',
          itemStyle: { color: osColor(v.osType), opacity: 0.6 } };
      })
    }, {
      id: 'regressions', name: 'regression', type: 'scatter', z: 4, symbolSize: 16,
      itemStyle: { color: 'rgba(0, 0, 0, 0)', borderColor: REGRESSION, borderWidth: 2.5 },
      label: { show: true, position: 'top', color: REGRESSION, formatter: '▲' },
      data: rated.filter(function (v) { return v.regression; }).map(function (v) {
        return { value: [v.appVersion, shown(v)], row: v };
      })
    }])
  });

  function usageBars(id, rows) {
    var ordered = rows.slice().reverse();
    draw(id, {
      grid: grid,
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          var row = ordered[p.dataIndex];
          return esc(row.member) + '<br>' + esc(counts.format(row.events)) + ' events ('
            + esc(percent(100 * row.events / totalEvents, 1)) + '), '
            + esc(counts.format(row.users)) + ' users';
        }
      },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: ordered.map(function (r) { return r.member; }) },
      series: [{ type: 'bar', data: ordered.map(function (r) { return r.events; }),
        itemStyle: { color: '#3e7cb1' },
        label: { show: true, position: 'right', formatter: function (p) { return counts.format(p.value); } } }]
    });
  }

  usageBars('chart-regions', data.regions);
  usageBars('chart-vehicles', data.vehicles);
})();
