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

  function draw(id, option) {
    option.animation = false;
    option.tooltip = Object.assign({ confine: true }, option.tooltip);
    var chart = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
  }

  var grid = { left: 8, right: 24, top: 32, bottom: 8, containLabel: true };

  draw('chart-dau', {
    grid: grid,
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: function (points) {
        var lines = [esc(points[0].axisValue)];
        points.forEach(function (p) {
          var value = p.seriesIndex === 0 ? counts.format(p.value) : p.value.toFixed(1);
          lines.push(p.marker + esc(p.seriesName) + ': ' + esc(value));
        });
        return lines.join('<br>');
      }
    },
    xAxis: { type: 'category', data: data.dates },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'DAU', type: 'bar', data: data.dau, itemStyle: { color: '#9fb3c8' } },
      { name: '7-day average', type: 'line', data: data.dau7dAvg, showSymbol: false,
        lineStyle: { width: 3, color: '#1f5fa6' }, itemStyle: { color: '#1f5fa6' } }
    ]
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

  // One bar per OS and version; the x axis lists every version once, in (major, minor) order.
  var versions = data.versions.slice().sort(function (a, b) {
    return a.major - b.major || a.minor - b.minor;
  }).map(function (v) { return v.appVersion; }).filter(function (v, i, all) {
    return all.indexOf(v) === i;
  });
  var osTypes = data.versions.map(function (v) { return v.osType; }).filter(function (o, i, all) {
    return all.indexOf(o) === i;
  });
  draw('chart-versions', {
    grid: grid,
    legend: { top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        var v = p.data.row;
        var lines = [p.marker + esc(v.osType) + ' ' + esc(v.appVersion)
            + (v.regression ? ' <span style="color:' + REGRESSION + ';font-weight:600">regression</span>' : ''),
          'error rate ' + esc(percent(v.errorRatePct, 2)) + ' of ' + esc(counts.format(v.events))
            + ' events, ' + esc(counts.format(v.users)) + ' users'];
        if (v.prevAppVersion !== null) {
          lines.push('previous ' + esc(v.prevAppVersion) + ': ' + esc(percent(v.prevErrorRatePct, 2))
            + (v.zScore === null ? '' : ', z = ' + esc(v.zScore.toFixed(2))));
        }
        return lines.join('<br>');
      }
    },
    xAxis: { type: 'category', data: versions },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: osTypes.map(function (os) {
      return {
        name: os,
        type: 'bar',
        data: versions.map(function (version) {
          var row = data.versions.find(function (v) { return v.osType === os && v.appVersion === version; });
          if (!row) {
            return '-';
          }
          return row.regression
            ? { value: row.errorRatePct, row: row, itemStyle: { color: REGRESSION },
                label: { show: true, position: 'top', color: REGRESSION, formatter: '▲' } }
            : { value: row.errorRatePct, row: row };
        })
      };
    })
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
