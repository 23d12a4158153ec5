/** The floor's activities: they do nothing (the benchmark worker records their start by tag). */
export function createFloorActivities() {
  return {
    async floorActivity(_tag: string): Promise<void> {},
    async floorLocal(): Promise<void> {},
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
