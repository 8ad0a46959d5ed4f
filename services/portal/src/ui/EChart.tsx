import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the charts and parts the pages draw, so the bundle carries no more of ECharts than that.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartDatum {
  name: string;
  value: number;
}

/**
 * A pie or bar chart of labelled counts. A canvas says nothing to a screen reader, so the same
 * figures are in a visually hidden table beside it (the chart itself is aria-hidden).
 */
export function EChart({
  title,
  kind,
  data,
  height = 260,
}: {
  title: string;
  kind: 'pie' | 'bar';
  data: ChartDatum[];
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    // No animation: figures are read, not watched (and a page looks the same for everyone, screenshots included).
    chart.setOption(
      kind === 'pie'
        ? {
            animation: false,
            tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
            legend: { bottom: 0, type: 'scroll' },
            series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b} {c}' } }],
          }
        : {
            animation: false,
            tooltip: { trigger: 'axis' },
            grid: { left: 48, right: 16, top: 16, bottom: 56 },
            xAxis: {
              type: 'category',
              data: data.map((d) => d.name),
              axisLabel: { interval: 0, rotate: data.length > 5 ? 30 : 0 },
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: data.map((d) => d.value), barMaxWidth: 36 }],
          },
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, data]);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 8 }}>{title}</figcaption>
      <div ref={element} style={{ height }} aria-hidden="true" data-testid={`chart-${title}`} />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.name}>
              <th scope="row">{d.name}</th>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
