package main

import (
	"fmt"
	"image/color"
	"os"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// palette colours the curves, one colour per label in the TSV's order.
var palette = []color.Color{
	color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
	color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	color.RGBA{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff},
	color.RGBA{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff},
	color.RGBA{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff},
}

// metric is one curve of a panel: a value of a row, drawn solid or dashed.
type metric struct {
	name   string
	value  func(row) float64
	dashed bool
}

// panel is one chart of the grid.
type panel struct {
	title, yLabel string
	metrics       []metric
	limit         float64 // a horizontal reference line, when not 0
	limitName     string
}

var panels = []panel{
	{title: "Build time", yLabel: "seconds", metrics: []metric{
		{name: "wall", value: func(r row) float64 { return r.WallS }},
		{name: "CPU (user+sys)", value: func(r row) float64 { return r.UserS + r.SysS }, dashed: true},
	}},
	{title: "Size on disk", yLabel: "MB", metrics: []metric{
		{name: "index", value: func(r row) float64 { return r.IndexMB }},
		{name: "JSONL", value: func(r row) float64 { return r.JSONLMB }, dashed: true},
	}},
	{title: "Peak RSS of the build", yLabel: "MiB", metrics: []metric{
		{name: "peak RSS", value: func(r row) float64 { return r.PeakRSSMiB }},
	}, limit: 1024, limitName: "1 GiB"},
	{title: "Query latency (500 titles, warm)", yLabel: "ms", metrics: []metric{
		{name: "p50", value: func(r row) float64 { return r.P50 }},
		{name: "p99", value: func(r row) float64 { return r.P99 }, dashed: true},
	}},
}

// drawFromTSV draws every row of the TSV as a 2×2 PNG chart against the
// number of articles, one colour per label.
func drawFromTSV(tsv, png string) error {
	rows, err := readRows(tsv)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: no rows to draw", tsv)
	}
	var labels []string
	for _, r := range rows {
		if !slices.Contains(labels, r.Label) {
			labels = append(labels, r.Label)
		}
	}
	grid := make([][]*plot.Plot, 2)
	for i, pn := range panels {
		p, err := drawPanel(pn, rows, labels)
		if err != nil {
			return err
		}
		grid[i/2] = append(grid[i/2], p)
	}
	img := vgimg.New(30*vg.Centimeter, 22*vg.Centimeter)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadTop: vg.Centimeter / 2, PadBottom: vg.Centimeter / 2,
		PadLeft: vg.Centimeter / 2, PadRight: vg.Centimeter / 2, PadX: vg.Centimeter, PadY: vg.Centimeter}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		for j := range grid[i] {
			grid[i][j].Draw(canvases[i][j])
		}
	}
	f, err := os.Create(png)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func drawPanel(pn panel, rows []row, labels []string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = pn.title
	p.X.Label.Text = "articles (thousands)"
	p.Y.Label.Text = pn.yLabel
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	maxX := 0.0
	for li, label := range labels {
		var mine []row
		for _, r := range rows {
			if r.Label == label {
				mine = append(mine, r)
			}
		}
		slices.SortFunc(mine, func(a, b row) int { return a.Articles - b.Articles })
		for _, m := range pn.metrics {
			xys := make(plotter.XYs, len(mine))
			for i, r := range mine {
				xys[i].X = float64(r.Articles) / 1000
				xys[i].Y = m.value(r)
				maxX = max(maxX, xys[i].X)
			}
			line, points, err := plotter.NewLinePoints(xys)
			if err != nil {
				return nil, err
			}
			c := palette[li%len(palette)]
			line.Color, points.Color = c, c
			line.Width = vg.Points(1.5)
			if m.dashed {
				line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				points.Shape = draw.BoxGlyph{}
			} else {
				points.Shape = draw.CircleGlyph{}
			}
			p.Add(line, points)
			name := m.name
			if len(labels) > 1 {
				name = label + ": " + m.name
			}
			p.Legend.Add(name, line, points)
		}
	}
	if pn.limit > 0 {
		ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: pn.limit}, {X: maxX, Y: pn.limit}})
		if err != nil {
			return nil, err
		}
		ref.Color = color.Gray{Y: 0x80}
		ref.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(ref)
		p.Legend.Add(pn.limitName, ref)
	}
	p.X.Min = 0
	return p, nil
}
