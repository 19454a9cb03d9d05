// Draws the trend with ECharts when it is installed (make demo); the table stays for everyone.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("zwfw-trend");
  if (!box || !window.echarts) { if (box) box.style.display = "none"; return; }
  var points = JSON.parse(box.dataset.trend || "[]");
  window.echarts.init(box).setOption({
    xAxis: { type: "category", data: points.map(function (p) { return p[0]; }) },
    yAxis: { type: "value", min: 0, max: 1 },
    tooltip: { trigger: "axis" },
    series: [{ type: "line", name: "网上可办率", data: points.map(function (p) { return p[1]; }) }],
  });
});
